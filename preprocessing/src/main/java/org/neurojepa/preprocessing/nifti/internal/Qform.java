package org.neurojepa.preprocessing.nifti.internal;

import org.neurojepa.preprocessing.volume.Affine;

/**
 * The NIfTI-1 qform: a rotation stored as the quaternion (b, c, d) with a ≥ 0, voxel sizes, a
 * handedness factor qfac (±1, in pixdim[0]) and an offset. It cannot hold shears; an affine with
 * shear is stored by its nearest rotation (polar decomposition), while the sform keeps it exactly.
 */
public record Qform(double b, double c, double d, double dx, double dy, double dz, double qfac,
    double ox, double oy, double oz) {

  /** The voxel→world affine this qform stands for (NIfTI-1 method 2). */
  public Affine toAffine() {
    double a = 1 - (b * b + c * c + d * d);
    // Stored as float32, b²+c²+d² can exceed 1 by rounding: that means a = 0 after renormalising.
    double bb = b, cc = c, dd = d;
    if (a < 1e-7) {
      double n = Math.sqrt(b * b + c * c + d * d);
      bb = b / n;
      cc = c / n;
      dd = d / n;
      a = 0;
    } else {
      a = Math.sqrt(a);
    }
    double r11 = a * a + bb * bb - cc * cc - dd * dd, r12 = 2 * (bb * cc - a * dd), r13 = 2 * (bb * dd + a * cc);
    double r21 = 2 * (bb * cc + a * dd), r22 = a * a + cc * cc - bb * bb - dd * dd, r23 = 2 * (cc * dd - a * bb);
    double r31 = 2 * (bb * dd - a * cc), r32 = 2 * (cc * dd + a * bb), r33 = a * a + dd * dd - cc * cc - bb * bb;
    double sz = dz * (qfac < 0 ? -1 : 1);
    return Affine.ofRows(
        r11 * dx, r12 * dy, r13 * sz, ox,
        r21 * dx, r22 * dy, r23 * sz, oy,
        r31 * dx, r32 * dy, r33 * sz, oz);
  }

  /** The qform closest to {@code affine}: exact for any rotation, reflection and scaling, shear dropped. */
  public static Qform of(Affine affine) {
    double[] col = new double[9];
    double[] size = new double[3];
    for (int c = 0; c < 3; c++) {
      size[c] = affine.columnNorm(c);
      if (size[c] == 0) {
        throw new IllegalArgumentException("affine has a zero column " + c + ": " + affine);
      }
      for (int r = 0; r < 3; r++) {
        col[3 * r + c] = affine.get(r, c) / size[c];
      }
    }
    double[] q = nearestOrthogonal(col);
    double qfac = 1;
    if (det(q) < 0) {
      qfac = -1;
      q[2] = -q[2];
      q[5] = -q[5];
      q[8] = -q[8];
    }
    double r11 = q[0], r12 = q[1], r13 = q[2], r21 = q[3], r22 = q[4], r23 = q[5], r31 = q[6], r32 = q[7], r33 = q[8];
    double a = r11 + r22 + r33 + 1;
    double b, c, d;
    if (a > 0.5) {
      a = 0.5 * Math.sqrt(a);
      b = 0.25 * (r32 - r23) / a;
      c = 0.25 * (r13 - r31) / a;
      d = 0.25 * (r21 - r12) / a;
    } else {
      double xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
      if (xd > 1) {
        b = 0.5 * Math.sqrt(xd);
        c = 0.25 * (r12 + r21) / b;
        d = 0.25 * (r13 + r31) / b;
        a = 0.25 * (r32 - r23) / b;
      } else if (yd > 1) {
        c = 0.5 * Math.sqrt(yd);
        b = 0.25 * (r12 + r21) / c;
        d = 0.25 * (r23 + r32) / c;
        a = 0.25 * (r13 - r31) / c;
      } else {
        d = 0.5 * Math.sqrt(zd);
        b = 0.25 * (r13 + r31) / d;
        c = 0.25 * (r23 + r32) / d;
        a = 0.25 * (r21 - r12) / d;
      }
      if (a < 0) {
        b = -b;
        c = -c;
        d = -d;
      }
    }
    return new Qform(b, c, d, size[0], size[1], size[2], qfac,
        affine.get(0, 3), affine.get(1, 3), affine.get(2, 3));
  }

  /** Polar decomposition by Newton iteration Q ← (Q + Q^-T)/2: the rotation part of a near-rotation. */
  private static double[] nearestOrthogonal(double[] m) {
    double[] q = m.clone();
    for (int it = 0; it < 100; it++) {
      double[] invT = inverseTranspose(q);
      double change = 0;
      for (int k = 0; k < 9; k++) {
        double v = 0.5 * (q[k] + invT[k]);
        change = Math.max(change, Math.abs(v - q[k]));
        q[k] = v;
      }
      if (change < 1e-15) {
        break;
      }
    }
    return q;
  }

  private static double det(double[] m) {
    return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
  }

  private static double[] inverseTranspose(double[] m) {
    double det = det(m);
    if (Math.abs(det) < 1e-15) {
      throw new IllegalArgumentException("affine's linear part is singular");
    }
    // Inverse transposed = cofactor matrix / det.
    return new double[] {
      (m[4] * m[8] - m[5] * m[7]) / det, (m[5] * m[6] - m[3] * m[8]) / det, (m[3] * m[7] - m[4] * m[6]) / det,
      (m[2] * m[7] - m[1] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
      (m[1] * m[5] - m[2] * m[4]) / det, (m[2] * m[3] - m[0] * m[5]) / det, (m[0] * m[4] - m[1] * m[3]) / det
    };
  }
}
