package org.neurojepa.preprocessing.internal;

import java.util.Arrays;

/** Robust intensity ranges and equal-width binning. */
public final class Histograms {
  private Histograms() {}

  /** The q-quantiles (0..1) of up to ~200 000 evenly strided values. */
  public static double[] quantiles(float[] v, double... q) {
    int stride = Math.max(1, v.length / 200_000);
    float[] s = new float[(v.length + stride - 1) / stride];
    int n = 0;
    for (int k = 0; k < v.length; k += stride) {
      s[n++] = v[k];
    }
    Arrays.sort(s, 0, n);
    double[] r = new double[q.length];
    for (int t = 0; t < q.length; t++) {
      double pos = q[t] * (n - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(n - 1, lo + 1);
      r[t] = s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
    return r;
  }

  /** Equal-width bins over [lo, hi], values outside clamped to the end bins. */
  public static int[] bin(float[] v, double lo, double hi, int bins) {
    int[] b = new int[v.length];
    double scale = hi > lo ? bins / (hi - lo) : 0;
    for (int k = 0; k < v.length; k++) {
      int i = (int) ((v[k] - lo) * scale);
      b[k] = i < 0 ? 0 : i >= bins ? bins - 1 : i;
    }
    return b;
  }
}
