package org.neurojepa.preprocessing.internal;

import java.util.stream.IntStream;

/**
 * Cubic B-spline interpolation (Unser's recursive prefilter, mirror boundaries): the
 * interpolant passes through every voxel value and is twice continuously differentiable.
 */
public final class CubicBSpline {
  private static final double POLE = Math.sqrt(3) - 2;

  private final int nx;
  private final int ny;
  private final int nz;
  private final float[] c;

  private CubicBSpline(int nx, int ny, int nz, float[] coefficients) {
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.c = coefficients;
  }

  /** Coefficients of the interpolating spline of {@code v}. */
  public static CubicBSpline of(float[] v, int nx, int ny, int nz) {
    float[] c = v.clone();
    filterAxis(c, nx, ny, nz, 0);
    filterAxis(c, nx, ny, nz, 1);
    filterAxis(c, nx, ny, nz, 2);
    return new CubicBSpline(nx, ny, nz, c);
  }

  private static void filterAxis(float[] c, int nx, int ny, int nz, int axis) {
    int n = axis == 0 ? nx : axis == 1 ? ny : nz;
    if (n < 2) {
      return;
    }
    int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    int outer = axis == 2 ? ny : nz;
    int inner = axis == 0 ? ny : nx;
    IntStream.range(0, outer).parallel().forEach(o -> {
      double[] line = new double[n];
      for (int in2 = 0; in2 < inner; in2++) {
        int start = axis == 0 ? nx * (in2 + ny * o) : axis == 1 ? in2 + nx * ny * o : in2 + nx * o;
        for (int t = 0; t < n; t++) {
          line[t] = c[start + t * stride];
        }
        prefilter(line);
        for (int t = 0; t < n; t++) {
          c[start + t * stride] = (float) line[t];
        }
      }
    });
  }

  private static void prefilter(double[] s) {
    int n = s.length;
    double z = POLE;
    double gain = (1 - z) * (1 - 1 / z);
    for (int k = 0; k < n; k++) {
      s[k] *= gain;
    }
    // Causal initialisation with mirror-symmetric extension, truncated where z^k is negligible.
    int horizon = Math.min(n, 30);
    double zk = z, sum = s[0];
    for (int k = 1; k < horizon; k++) {
      sum += zk * s[k];
      zk *= z;
    }
    s[0] = sum;
    for (int k = 1; k < n; k++) {
      s[k] += z * s[k - 1];
    }
    s[n - 1] = (z / (z * z - 1)) * (s[n - 1] + z * s[n - 2]);
    for (int k = n - 2; k >= 0; k--) {
      s[k] = z * (s[k + 1] - s[k]);
    }
  }

  /** Interpolated value at voxel coordinates; points outside the grid by more than half a voxel give {@code outside}. */
  public double value(double x, double y, double z, double outside) {
    if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5) {
      return outside;
    }
    int i = (int) Math.floor(x), j = (int) Math.floor(y), k = (int) Math.floor(z);
    double wx0, wx1, wx2, wx3, wy0, wy1, wy2, wy3, wz0, wz1, wz2, wz3;
    double t = x - i, u = 1 - t;
    wx0 = u * u * u / 6;
    wx3 = t * t * t / 6;
    wx1 = 2.0 / 3 - t * t + 0.5 * t * t * t;
    wx2 = 1 - wx0 - wx1 - wx3;
    t = y - j;
    u = 1 - t;
    wy0 = u * u * u / 6;
    wy3 = t * t * t / 6;
    wy1 = 2.0 / 3 - t * t + 0.5 * t * t * t;
    wy2 = 1 - wy0 - wy1 - wy3;
    t = z - k;
    u = 1 - t;
    wz0 = u * u * u / 6;
    wz3 = t * t * t / 6;
    wz1 = 2.0 / 3 - t * t + 0.5 * t * t * t;
    wz2 = 1 - wz0 - wz1 - wz3;
    if (i >= 1 && j >= 1 && k >= 1 && i + 2 < nx && j + 2 < ny && k + 2 < nz) {
      // Interior: no mirroring, straight strides.
      int sy = nx, sz = nx * ny;
      int p = (i - 1) + nx * ((j - 1) + ny * (k - 1));
      return wz0 * plane(p, sy, wx0, wx1, wx2, wx3, wy0, wy1, wy2, wy3)
          + wz1 * plane(p + sz, sy, wx0, wx1, wx2, wx3, wy0, wy1, wy2, wy3)
          + wz2 * plane(p + 2 * sz, sy, wx0, wx1, wx2, wx3, wy0, wy1, wy2, wy3)
          + wz3 * plane(p + 3 * sz, sy, wx0, wx1, wx2, wx3, wy0, wy1, wy2, wy3);
    }
    int x0 = mirror(i - 1, nx), x1 = mirror(i, nx), x2 = mirror(i + 1, nx), x3 = mirror(i + 2, nx);
    double sum = 0;
    for (int c3 = 0; c3 < 4; c3++) {
      int kk = mirror(k - 1 + c3, nz);
      double wz = c3 == 0 ? wz0 : c3 == 1 ? wz1 : c3 == 2 ? wz2 : wz3;
      double sy = 0;
      for (int c2 = 0; c2 < 4; c2++) {
        int row = nx * (mirror(j - 1 + c2, ny) + ny * kk);
        double wy = c2 == 0 ? wy0 : c2 == 1 ? wy1 : c2 == 2 ? wy2 : wy3;
        sy += wy * (wx0 * c[row + x0] + wx1 * c[row + x1] + wx2 * c[row + x2] + wx3 * c[row + x3]);
      }
      sum += wz * sy;
    }
    return sum;
  }

  private double plane(int p, int sy, double wx0, double wx1, double wx2, double wx3,
      double wy0, double wy1, double wy2, double wy3) {
    return wy0 * (wx0 * c[p] + wx1 * c[p + 1] + wx2 * c[p + 2] + wx3 * c[p + 3])
        + wy1 * (wx0 * c[p + sy] + wx1 * c[p + sy + 1] + wx2 * c[p + sy + 2] + wx3 * c[p + sy + 3])
        + wy2 * (wx0 * c[p + 2 * sy] + wx1 * c[p + 2 * sy + 1] + wx2 * c[p + 2 * sy + 2] + wx3 * c[p + 2 * sy + 3])
        + wy3 * (wx0 * c[p + 3 * sy] + wx1 * c[p + 3 * sy + 1] + wx2 * c[p + 3 * sy + 2] + wx3 * c[p + 3 * sy + 3]);
  }

  private static int mirror(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    i = Math.abs(i) % period;
    return i < n ? i : period - i;
  }
}
