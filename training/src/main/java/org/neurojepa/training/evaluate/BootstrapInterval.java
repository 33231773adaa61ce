package org.neurojepa.training.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Percentile bootstrap confidence intervals of a metric, resampling patients rather than scans:
 * the scans of one patient are not independent, and resampling them one by one would give
 * intervals that are too narrow. Replicates in which the metric is undefined (a class absent)
 * are drawn again, up to a limit; the interval says how many replicates it rests on.
 */
public final class BootstrapInterval {
  private BootstrapInterval() {}

  /** A point estimate with its interval. */
  public record Estimate(double value, double lower, double upper, int replicates) {}

  /**
   * @param scores one score per scan
   * @param truth one label per scan
   * @param patients the patient of each scan (the resampling unit)
   * @param metric AUROC, average precision, …; NaN when undefined
   * @param replicates bootstrap replicates wanted (e.g. 1000)
   * @param level coverage, e.g. 0.95
   */
  public static Estimate of(double[] scores, boolean[] truth, String[] patients,
      BiFunction<double[], boolean[], Double> metric, int replicates, double level, long seed) {
    if (scores.length != truth.length || scores.length != patients.length) {
      throw new IllegalArgumentException("scores, truths and patients must have the same length");
    }
    if (replicates < 1 || !(level > 0 && level < 1)) {
      throw new IllegalArgumentException("replicates ≥ 1 and 0 < level < 1");
    }
    double value = metric.apply(scores, truth);
    Map<String, List<Integer>> byPatient = new LinkedHashMap<>();
    for (int i = 0; i < patients.length; i++) {
      byPatient.computeIfAbsent(patients[i], k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> groups = new ArrayList<>(byPatient.values());
    if (Double.isNaN(value) || groups.isEmpty()) {
      return new Estimate(value, Double.NaN, Double.NaN, 0);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] values = new double[replicates];
    int kept = 0;
    int tries = 0;
    while (kept < replicates && tries < 10 * replicates) {
      tries++;
      List<Integer> sample = new ArrayList<>();
      for (int g = 0; g < groups.size(); g++) {
        sample.addAll(groups.get(rng.nextInt(groups.size())));
      }
      double[] s = new double[sample.size()];
      boolean[] t = new boolean[sample.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = scores[sample.get(i)];
        t[i] = truth[sample.get(i)];
      }
      double v = metric.apply(s, t);
      if (!Double.isNaN(v)) {
        values[kept++] = v;
      }
    }
    if (kept == 0) {
      return new Estimate(value, Double.NaN, Double.NaN, 0);
    }
    double[] sorted = Arrays.copyOf(values, kept);
    Arrays.sort(sorted);
    double alpha = (1 - level) / 2;
    return new Estimate(value, quantile(sorted, alpha), quantile(sorted, 1 - alpha), kept);
  }

  /** Linear interpolation between order statistics (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    double f = pos - lo;
    return sorted[lo] * (1 - f) + sorted[hi] * f;
  }
}
