package org.neurojepa.preprocessing.volume;

import java.util.Arrays;

/**
 * A 4×4 homogeneous transform, last row (0 0 0 1). Used for voxel→world (RAS mm) maps and for
 * world→world registrations. Immutable.
 */
public final class Affine {
  private static final Affine IDENTITY = new Affine(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});

  /** Row-major first three rows: m[4*r + c]. */
  private final double[] m;

  private Affine(double[] rows3x4) {
    this.m = rows3x4;
  }

  public static Affine identity() {
    return IDENTITY;
  }

  /** From the first three rows of a row-major 4×4 or 3×4 matrix (12 or 16 numbers). */
  public static Affine ofRows(double... values) {
    if (values.length != 12 && values.length != 16) {
      throw new IllegalArgumentException("an affine takes 12 or 16 numbers, got " + values.length);
    }
    if (values.length == 16
        && (values[12] != 0 || values[13] != 0 || values[14] != 0 || values[15] != 1)) {
      throw new IllegalArgumentException("last row must be 0 0 0 1: " + Arrays.toString(values));
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("affine has a non-finite entry: " + Arrays.toString(values));
      }
    }
    return new Affine(Arrays.copyOf(values, 12));
  }

  public static Affine translation(double tx, double ty, double tz) {
    return ofRows(1, 0, 0, tx, 0, 1, 0, ty, 0, 0, 1, tz);
  }

  public static Affine scaling(double sx, double sy, double sz) {
    return ofRows(sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0);
  }

  /** Rotation by {@code degrees} about a unit axis through the origin (right-hand rule). */
  public static Affine rotation(double degrees, double ax, double ay, double az) {
    double n = Math.sqrt(ax * ax + ay * ay + az * az);
    if (n == 0) {
      throw new IllegalArgumentException("rotation axis is zero");
    }
    double x = ax / n, y = ay / n, z = az / n;
    double t = Math.toRadians(degrees), c = Math.cos(t), s = Math.sin(t), k = 1 - c;
    return ofRows(
        c + x * x * k, x * y * k - z * s, x * z * k + y * s, 0,
        y * x * k + z * s, c + y * y * k, y * z * k - x * s, 0,
        z * x * k - y * s, z * y * k + x * s, c + z * z * k, 0);
  }

  public double get(int row, int col) {
    if (row == 3) {
      return col == 3 ? 1 : 0;
    }
    return m[4 * row + col];
  }

  /** This ∘ other: first {@code other}, then this. */
  public Affine times(Affine other) {
    double[] r = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        double v = j == 3 ? m[4 * i + 3] : 0;
        for (int k = 0; k < 3; k++) {
          v += m[4 * i + k] * other.m[4 * k + j];
        }
        r[4 * i + j] = v;
      }
    }
    return new Affine(r);
  }

  public Affine inverse() {
    double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (Math.abs(det) < 1e-12) {
      throw new ArithmeticException("affine is singular (det " + det + ")");
    }
    double[] inv3 = {
      (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
      (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
      (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
    };
    double[] r = new double[12];
    for (int row = 0; row < 3; row++) {
      double t = 0;
      for (int k = 0; k < 3; k++) {
        r[4 * row + k] = inv3[3 * row + k];
        t -= inv3[3 * row + k] * m[4 * k + 3];
      }
      r[4 * row + 3] = t;
    }
    return new Affine(r);
  }

  /** Applies the transform to a point. */
  public double[] apply(double x, double y, double z) {
    return new double[] {
      m[0] * x + m[1] * y + m[2] * z + m[3],
      m[4] * x + m[5] * y + m[6] * z + m[7],
      m[8] * x + m[9] * y + m[10] * z + m[11]
    };
  }

  /** Length of column {@code col} of the linear part: the voxel size along that axis for voxel→world maps. */
  public double columnNorm(int col) {
    return Math.sqrt(m[col] * m[col] + m[4 + col] * m[4 + col] + m[8 + col] * m[8 + col]);
  }

  /** Row-major 4×4. */
  public double[] toArray() {
    double[] r = Arrays.copyOf(m, 16);
    r[15] = 1;
    return r;
  }

  /** Largest absolute difference between entries of the two matrices. */
  public double maxAbsDifference(Affine other) {
    double d = 0;
    for (int k = 0; k < 12; k++) {
      d = Math.max(d, Math.abs(m[k] - other.m[k]));
    }
    return d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Affine a && Arrays.equals(m, a.m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Affine[");
    for (int r = 0; r < 3; r++) {
      s.append(r == 0 ? "" : "; ");
      for (int c = 0; c < 4; c++) {
        s.append(c == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.6g", m[4 * r + c]));
      }
    }
    return s.append("]").toString();
  }
}
