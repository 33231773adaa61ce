package org.neurojepa.preprocessing.qc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurojepa.preprocessing.internal.Select;
import org.neurojepa.preprocessing.volume.Volume;

/** Measures how well a registered scan agrees with the template and decides whether to keep it. */
public final class QualityControl {
  private static final int BINS = 32;

  private QualityControl() {}

  /** Metrics over the voxels where {@code mask} &gt; 0; all three volumes on the template grid. */
  public static QcMetrics measure(Volume registered, Volume template, Volume mask) {
    if (registered.voxelCount() != template.voxelCount() || mask.voxelCount() != template.voxelCount()) {
      throw new IllegalArgumentException("QC needs the registered scan, template and mask on one grid");
    }
    float[] m = mask.voxels();
    int n = 0;
    for (float f : m) {
      n += f > 0 ? 1 : 0;
    }
    if (n < 100) {
      throw new IllegalArgumentException("QC mask has only " + n + " voxels");
    }
    double[] a = new double[n], b = new double[n];
    float[] r = registered.voxels(), t = template.voxels();
    int s = 0;
    for (int k = 0; k < m.length; k++) {
      if (m[k] > 0) {
        a[s] = Float.isFinite(r[k]) ? r[k] : 0;
        b[s] = t[k];
        s++;
      }
    }
    normalise(a);
    normalise(b);
    double mse = 0, ma = 0, mb = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - b[i];
      mse += d * d;
      ma += a[i];
      mb += b[i];
    }
    mse /= n;
    ma /= n;
    mb /= n;
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    double pearson = saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
    double psnr = 10 * Math.log10(1 / Math.max(mse, 1e-12));
    return new QcMetrics(mutualInformation(a, b), psnr, pearson);
  }

  public static QcResult evaluate(QcMetrics m, QcThresholds t) {
    List<String> failed = new ArrayList<>();
    if (!(m.mutualInformation() >= t.minMutualInformation())) {
      failed.add(String.format(Locale.ROOT, "mutual information %.3f < %.3f", m.mutualInformation(), t.minMutualInformation()));
    }
    if (!(m.psnrDb() >= t.minPsnrDb())) {
      failed.add(String.format(Locale.ROOT, "PSNR %.2f dB < %.2f dB", m.psnrDb(), t.minPsnrDb()));
    }
    if (!(m.pearson() >= t.minPearson())) {
      failed.add(String.format(Locale.ROOT, "Pearson correlation %.3f < %.3f", m.pearson(), t.minPearson()));
    }
    if (failed.isEmpty()) {
      return new QcResult(m, t, true, "");
    }
    return new QcResult(m, t, false, "registration QC rejected the scan: " + String.join("; ", failed)
        + " (measured " + m + "; thresholds " + t + ")");
  }

  /** To [0, 1] by the 0.5th and 99.5th percentiles, clipped. */
  private static void normalise(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    double lo = Select.percentile(f, 0.5), hi = Select.percentile(f, 99.5);
    double scale = hi > lo ? 1 / (hi - lo) : 0;
    for (int i = 0; i < v.length; i++) {
      double x = (v[i] - lo) * scale;
      v[i] = x < 0 ? 0 : x > 1 ? 1 : x;
    }
  }

  private static double mutualInformation(double[] a, double[] b) {
    double[] joint = new double[BINS * BINS];
    double[] pa = new double[BINS], pb = new double[BINS];
    int n = a.length;
    for (int i = 0; i < n; i++) {
      int x = Math.min(BINS - 1, (int) (a[i] * BINS)), y = Math.min(BINS - 1, (int) (b[i] * BINS));
      joint[x * BINS + y]++;
      pa[x]++;
      pb[y]++;
    }
    double mi = 0;
    for (int x = 0; x < BINS; x++) {
      for (int y = 0; y < BINS; y++) {
        double p = joint[x * BINS + y];
        if (p > 0) {
          mi += p / n * Math.log(p * n / (pa[x] * pb[y]));
        }
      }
    }
    return mi;
  }
}
