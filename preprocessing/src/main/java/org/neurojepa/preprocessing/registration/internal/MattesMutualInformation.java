package org.neurojepa.preprocessing.registration.internal;

import org.neurojepa.preprocessing.internal.Histograms;

/**
 * Negative mutual information after Mattes et al.: the fixed intensity falls in one bin, the
 * moving intensity spreads over four bins by a cubic B-spline Parzen window, which makes the
 * joint histogram, and so the cost, differentiable in the moving intensity.
 */
public final class MattesMutualInformation implements SampleCost {
  private final int bins;
  private final double fixedLo;
  private final double fixedHi;
  private final double movingLo;
  private final double movingWidth;

  /** Moving intensities are clamped to [movingLo, movingHi]. */
  public MattesMutualInformation(int bins, double fixedLo, double fixedHi, double movingLo, double movingHi) {
    if (bins < 8) {
      throw new IllegalArgumentException("mutual information needs at least 8 bins");
    }
    this.bins = bins;
    this.fixedLo = fixedLo;
    this.fixedHi = fixedHi;
    this.movingLo = movingLo;
    this.movingWidth = Math.max(1e-12, (movingHi - movingLo) / (bins - 3));
  }

  @Override
  public int[] binFixed(float[] fixed) {
    return Histograms.bin(fixed, fixedLo, fixedHi, bins);
  }

  @Override
  public double evaluate(double[] m, int[] bin, int n, double[] d) {
    if (n < 16) {
      return Double.NaN;
    }
    double[] joint = new double[bins * bins];
    int[] rowCount = new int[bins];
    double[] t = new double[n];
    double maxT = bins - 2 - 1e-9;
    for (int i = 0; i < n; i++) {
      double u = (m[i] - movingLo) / movingWidth + 1;
      u = u < 1 ? 1 : u > maxT ? maxT : u;
      t[i] = u;
      int k0 = (int) u;
      double f = u - k0;
      int row = bins * bin[i];
      // B-spline weights of bins k0-1 .. k0+2 at offset f.
      double g = 1 - f;
      joint[row + k0 - 1] += g * g * g / 6;
      joint[row + k0] += 2.0 / 3 - f * f + 0.5 * f * f * f;
      joint[row + k0 + 1] += 2.0 / 3 - g * g + 0.5 * g * g * g;
      joint[row + k0 + 2] += f * f * f / 6;
      rowCount[bin[i]]++;
    }
    double[] movingMarginal = new double[bins];
    for (int a = 0; a < bins; a++) {
      for (int b = 0; b < bins; b++) {
        movingMarginal[b] += joint[bins * a + b];
      }
    }
    double mi = 0;
    double[] logRatio = new double[bins * bins];
    for (int a = 0; a < bins; a++) {
      if (rowCount[a] == 0) {
        continue;
      }
      for (int b = 0; b < bins; b++) {
        double p = joint[bins * a + b];
        if (p > 0) {
          // Counts, not probabilities: p/N over (rowCount/N · marginal/N).
          double lr = Math.log(p / movingMarginal[b]);
          logRatio[bins * a + b] = lr;
          mi += p * (lr - Math.log((double) rowCount[a] / n));
        }
      }
    }
    mi /= n;
    if (d != null) {
      double scale = 1.0 / (n * movingWidth);
      for (int i = 0; i < n; i++) {
        double u = t[i];
        boolean clamped = (m[i] - movingLo) / movingWidth + 1 != u;
        if (clamped) {
          d[i] = 0;
          continue;
        }
        int k0 = (int) u;
        double f = u - k0;
        int row = bins * bin[i];
        // Derivatives of the four weights with respect to u.
        double g = 1 - f;
        double w0 = -0.5 * g * g;
        double w1 = -2 * f + 1.5 * f * f;
        double w2 = 2 * g - 1.5 * g * g;
        double w3 = 0.5 * f * f;
        double dmi = w0 * logRatio[row + k0 - 1] + w1 * logRatio[row + k0] + w2 * logRatio[row + k0 + 1]
            + w3 * logRatio[row + k0 + 2];
        d[i] = -dmi * scale;
      }
    }
    return -mi;
  }
}
