package org.neurojepa.preprocessing.bias;

/** Radix-2 complex FFT for the short (power-of-two) histograms of {@link HistogramSharpener}. */
final class Fft {
  private Fft() {}

  /** {re, im} of the transform of a real signal. */
  static double[][] forward(double[] x) {
    double[] re = x.clone(), im = new double[x.length];
    transform(re, im, false);
    return new double[][] {re, im};
  }

  /** Real part of the inverse transform. */
  static double[] inverseReal(double[] re, double[] im) {
    double[] r = re.clone(), i = im.clone();
    transform(r, i, true);
    for (int k = 0; k < r.length; k++) {
      r[k] /= r.length;
    }
    return r;
  }

  private static void transform(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    if (Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("FFT length must be a power of two: " + n);
    }
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = 2 * Math.PI / len * (inverse ? 1 : -1);
      double wr = Math.cos(angle), wi = Math.sin(angle);
      for (int i = 0; i < n; i += len) {
        double cr = 1, ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = i + k, b = i + k + len / 2;
          double xr = re[b] * cr - im[b] * ci, xi = re[b] * ci + im[b] * cr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
          double t = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = t;
        }
      }
    }
  }
}
