package org.neurojepa.preprocessing.bias;

/** The monomials x^a y^b z^c with a + b + c ≤ degree, in coordinates centred and scaled to about [-1, 1]. */
final class Polynomial {
  private final int degree;
  private final double[] centre;
  private final double[] half;
  private final int[][] powers;

  Polynomial(int degree, double[] centre, double[] half) {
    this.degree = degree;
    this.centre = centre.clone();
    this.half = half.clone();
    int count = 0;
    for (int a = 0; a <= degree; a++) {
      for (int b = 0; a + b <= degree; b++) {
        for (int c = 0; a + b + c <= degree; c++) {
          count++;
        }
      }
    }
    powers = new int[count][];
    int t = 0;
    // Constant first: the caller recentres the field by adjusting coefficient 0.
    for (int total = 0; total <= degree; total++) {
      for (int a = total; a >= 0; a--) {
        for (int b = total - a; b >= 0; b--) {
          powers[t++] = new int[] {a, b, total - a - b};
        }
      }
    }
  }

  int terms() {
    return powers.length;
  }

  double[] basis(double x, double y, double z) {
    double u = (x - centre[0]) / half[0], v = (y - centre[1]) / half[1], w = (z - centre[2]) / half[2];
    double[] pu = new double[degree + 1], pv = new double[degree + 1], pw = new double[degree + 1];
    pu[0] = pv[0] = pw[0] = 1;
    for (int d = 1; d <= degree; d++) {
      pu[d] = pu[d - 1] * u;
      pv[d] = pv[d - 1] * v;
      pw[d] = pw[d - 1] * w;
    }
    double[] r = new double[powers.length];
    for (int t = 0; t < powers.length; t++) {
      r[t] = pu[powers[t][0]] * pv[powers[t][1]] * pw[powers[t][2]];
    }
    return r;
  }
}
