package org.neurojepa.preprocessing.bias;

/**
 * N4's histogram step: the histogram of log intensities is taken as a sharp distribution blurred
 * by a Gaussian (the field's effect); Wiener deconvolution recovers the sharp one, and each value
 * v maps to E[u | v], the expected sharp value given the blurred one.
 */
final class HistogramSharpener {
  private final int bins;
  private final double fwhm;
  private final double noise;

  HistogramSharpener(int bins, double fwhm, double noise) {
    this.bins = bins;
    this.fwhm = fwhm;
    this.noise = noise;
  }

  double[] sharpen(double[] v) {
    double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    if (!(hi > lo)) {
      return v.clone();
    }
    double width = (hi - lo) / (bins - 1);
    int size = 512;
    while (size < 2 * bins) {
      size *= 2;
    }
    int offset = (size - bins) / 2;
    double[] h = new double[size];
    for (double x : v) {
      double p = (x - lo) / width;
      int b = Math.min(bins - 2, (int) p);
      double f = p - b;
      h[offset + b] += 1 - f;
      h[offset + b + 1] += f;
    }
    // Gaussian blur in bins, centred on index 0 of a circular buffer.
    double sigma = fwhm / 2.3548 / width;
    double[] g = new double[size];
    double sum = 0;
    for (int k = 0; k < size; k++) {
      int d = k <= size / 2 ? k : k - size;
      g[k] = Math.exp(-0.5 * d * d / (sigma * sigma));
      sum += g[k];
    }
    for (int k = 0; k < size; k++) {
      g[k] /= sum;
    }
    double[][] hf = Fft.forward(h);
    double[][] gf = Fft.forward(g);
    double[] ur = new double[size], ui = new double[size];
    for (int k = 0; k < size; k++) {
      double gr = gf[0][k], gi = gf[1][k];
      double denom = gr * gr + gi * gi + noise;
      // conj(G)·H / (|G|² + Z)
      ur[k] = (gr * hf[0][k] + gi * hf[1][k]) / denom;
      ui[k] = (gr * hf[1][k] - gi * hf[0][k]) / denom;
    }
    double[] u = Fft.inverseReal(ur, ui);
    for (int k = 0; k < size; k++) {
      u[k] = Math.max(0, u[k]);
    }
    double[] uv = new double[size];
    for (int k = 0; k < size; k++) {
      uv[k] = u[k] * (lo + (k - offset) * width);
    }
    double[] num = convolve(uv, gf);
    double[] den = convolve(u, gf);
    double[] expected = new double[bins];
    for (int b = 0; b < bins; b++) {
      double d = den[offset + b];
      expected[b] = d > 1e-12 ? num[offset + b] / d : lo + b * width;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      double p = (v[i] - lo) / width;
      int b = Math.min(bins - 2, (int) p);
      double f = p - b;
      out[i] = expected[b] + f * (expected[b + 1] - expected[b]);
    }
    return out;
  }

  private static double[] convolve(double[] x, double[][] kernelF) {
    double[][] xf = Fft.forward(x);
    int n = x.length;
    double[] re = new double[n], im = new double[n];
    for (int k = 0; k < n; k++) {
      re[k] = xf[0][k] * kernelF[0][k] - xf[1][k] * kernelF[1][k];
      im[k] = xf[0][k] * kernelF[1][k] + xf[1][k] * kernelF[0][k];
    }
    return Fft.inverseReal(re, im);
  }
}
