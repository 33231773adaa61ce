package org.neurojepa.preprocessing.bias;

/** Weighted linear least squares with a fixed design: normal equations factored once (Cholesky), solved many times. */
final class LeastSquares {
  private final double[][] basis;
  private final double[] weight;
  private final int m;
  private final double[] l;

  LeastSquares(double[][] basis, double[] weight, int m) {
    this.basis = basis;
    this.weight = weight;
    this.m = m;
    double[] a = new double[m * m];
    for (int i = 0; i < basis.length; i++) {
      double[] b = basis[i];
      for (int r = 0; r < m; r++) {
        double br = weight[i] * b[r];
        for (int c = 0; c <= r; c++) {
          a[r * m + c] += br * b[c];
        }
      }
    }
    for (int r = 0; r < m; r++) {
      a[r * m + r] += 1e-9 * (a[r * m + r] + 1);
    }
    l = new double[m * m];
    for (int r = 0; r < m; r++) {
      for (int c = 0; c <= r; c++) {
        double sum = a[r * m + c];
        for (int k = 0; k < c; k++) {
          sum -= l[r * m + k] * l[c * m + k];
        }
        l[r * m + c] = r == c ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[c * m + c];
      }
    }
  }

  /** Coefficients minimising Σ w (y − basis·x)². */
  double[] solve(double[] y) {
    double[] rhs = new double[m];
    for (int i = 0; i < basis.length; i++) {
      double wy = weight[i] * y[i];
      double[] b = basis[i];
      for (int r = 0; r < m; r++) {
        rhs[r] += wy * b[r];
      }
    }
    double[] z = new double[m];
    for (int r = 0; r < m; r++) {
      double sum = rhs[r];
      for (int k = 0; k < r; k++) {
        sum -= l[r * m + k] * z[k];
      }
      z[r] = sum / l[r * m + r];
    }
    double[] x = new double[m];
    for (int r = m - 1; r >= 0; r--) {
      double sum = z[r];
      for (int k = r + 1; k < m; k++) {
        sum -= l[k * m + r] * x[k];
      }
      x[r] = sum / l[r * m + r];
    }
    return x;
  }
}
