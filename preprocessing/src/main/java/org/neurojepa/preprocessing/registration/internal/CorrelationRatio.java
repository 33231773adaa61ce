package org.neurojepa.preprocessing.registration.internal;

import org.neurojepa.preprocessing.internal.Histograms;

/**
 * 1 − η²(moving | fixed): the share of the moving intensities' variance not explained by a
 * function of the (binned) fixed intensity. Minimal when the moving image is any function of
 * the fixed one, so it serves contrasts that are monotone or not (T1w, T2w) against one template.
 */
public final class CorrelationRatio implements SampleCost {
  private final int bins;
  private final double lo;
  private final double hi;

  public CorrelationRatio(int bins, double fixedLo, double fixedHi) {
    this.bins = bins;
    this.lo = fixedLo;
    this.hi = fixedHi;
  }

  @Override
  public int[] binFixed(float[] fixed) {
    return Histograms.bin(fixed, lo, hi, bins);
  }

  @Override
  public double evaluate(double[] m, int[] bin, int n, double[] d) {
    double[] sum = new double[bins];
    int[] count = new int[bins];
    double total = 0, totalSq = 0;
    for (int i = 0; i < n; i++) {
      sum[bin[i]] += m[i];
      count[bin[i]]++;
      total += m[i];
      totalSq += m[i] * m[i];
    }
    if (n < 2) {
      return Double.NaN;
    }
    double mean = total / n;
    double t = totalSq - total * mean;
    double between = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        between += sum[b] * sum[b] / count[b];
      }
    }
    double w = totalSq - between;
    if (!(t > 1e-12 * Math.max(1, totalSq))) {
      return Double.NaN;
    }
    double c = w / t;
    if (d != null) {
      for (int i = 0; i < n; i++) {
        double mu = sum[bin[i]] / count[bin[i]];
        d[i] = 2 * ((m[i] - mu) - c * (m[i] - mean)) / t;
      }
    }
    return c;
  }
}
