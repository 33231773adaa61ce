package org.neurojepa.preprocessing.registration.internal;

import org.neurojepa.preprocessing.internal.Grid;

import java.util.stream.IntStream;
import org.neurojepa.preprocessing.volume.Affine;

/**
 * The registration cost as a function of 12 parameters q of the fixed→moving map
 * x_m = (I + Q/R)(x_f − c) + t, with Q = q[0..8] row-major and t = q[9..11]: every parameter is
 * in millimetres of displacement at radius R from the fixed centre c, which keeps the optimiser's
 * problem well scaled. Samples are fixed voxel centres; moving values are trilinear.
 */
public final class AffineCost {
  private static final int CHUNKS = 16;

  private final Grid moving;
  private final SampleCost cost;
  private final double[] sx;
  private final double[] sy;
  private final double[] sz;
  private final int[] fixedBin;
  private final double[] centre;
  private final double radius;
  private final double minValidFraction;
  private int evaluations;

  /**
   * @param points fixed world points (x, y, z interleaved)
   * @param fixedValues fixed intensity at each point
   */
  public AffineCost(Grid moving, SampleCost cost, double[] points, float[] fixedValues, double[] centre, double radius) {
    this.moving = moving;
    this.cost = cost;
    int n = fixedValues.length;
    this.sx = new double[n];
    this.sy = new double[n];
    this.sz = new double[n];
    for (int i = 0; i < n; i++) {
      sx[i] = points[3 * i] - centre[0];
      sy[i] = points[3 * i + 1] - centre[1];
      sz[i] = points[3 * i + 2] - centre[2];
    }
    this.fixedBin = cost.binFixed(fixedValues);
    this.centre = centre.clone();
    this.radius = radius;
    this.minValidFraction = 0.25;
  }

  public int evaluations() {
    return evaluations;
  }

  public int samples() {
    return sx.length;
  }

  /** The fixed→moving world map for parameters q. */
  public Affine fixedToMoving(double[] q) {
    double r = radius;
    double a00 = 1 + q[0] / r, a01 = q[1] / r, a02 = q[2] / r;
    double a10 = q[3] / r, a11 = 1 + q[4] / r, a12 = q[5] / r;
    double a20 = q[6] / r, a21 = q[7] / r, a22 = 1 + q[8] / r;
    double cx = centre[0], cy = centre[1], cz = centre[2];
    return Affine.ofRows(
        a00, a01, a02, q[9] - (a00 * cx + a01 * cy + a02 * cz),
        a10, a11, a12, q[10] - (a10 * cx + a11 * cy + a12 * cz),
        a20, a21, a22, q[11] - (a20 * cx + a21 * cy + a22 * cz));
  }

  /** Parameters for a fixed→moving world map (the inverse of {@link #fixedToMoving}). */
  public double[] parameters(Affine fixedToMoving) {
    double[] q = new double[12];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        q[3 * r + c] = (fixedToMoving.get(r, c) - (r == c ? 1 : 0)) * radius;
      }
    }
    double[] t = fixedToMoving.apply(centre[0], centre[1], centre[2]);
    q[9] = t[0];
    q[10] = t[1];
    q[11] = t[2];
    return q;
  }

  /** The cost at q, and its gradient into {@code grad} when not null; NaN when too few samples land in the moving volume. */
  public double evaluate(double[] q, double[] grad) {
    evaluations++;
    // Fixed-centred point → moving voxel coordinates: P = W_lin·A, p = W_lin·t + W_trans.
    Affine w = moving.worldToVoxel;
    double r = radius;
    double[] a = {1 + q[0] / r, q[1] / r, q[2] / r, q[3] / r, 1 + q[4] / r, q[5] / r, q[6] / r, q[7] / r, 1 + q[8] / r};
    double[] p = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        p[4 * i + j] = w.get(i, 0) * a[j] + w.get(i, 1) * a[3 + j] + w.get(i, 2) * a[6 + j];
      }
      p[4 * i + 3] = w.get(i, 0) * q[9] + w.get(i, 1) * q[10] + w.get(i, 2) * q[11] + w.get(i, 3);
    }
    int n = sx.length;
    double[] value = new double[n];
    double[] gradVox = grad == null ? null : new double[3 * n];
    boolean[] valid = new boolean[n];
    int chunk = (n + CHUNKS - 1) / CHUNKS;
    IntStream.range(0, CHUNKS).parallel().forEach(c -> {
      double[] tmp = new double[4];
      int end = Math.min(n, (c + 1) * chunk);
      for (int i = c * chunk; i < end; i++) {
        double x = p[0] * sx[i] + p[1] * sy[i] + p[2] * sz[i] + p[3];
        double y = p[4] * sx[i] + p[5] * sy[i] + p[6] * sz[i] + p[7];
        double z = p[8] * sx[i] + p[9] * sy[i] + p[10] * sz[i] + p[11];
        if (!moving.inside(x, y, z)) {
          continue;
        }
        valid[i] = true;
        if (gradVox == null) {
          value[i] = moving.trilinear(x, y, z);
        } else {
          moving.trilinearWithGradient(x, y, z, tmp);
          value[i] = tmp[0];
          gradVox[3 * i] = tmp[1];
          gradVox[3 * i + 1] = tmp[2];
          gradVox[3 * i + 2] = tmp[3];
        }
      }
    });
    int[] index = new int[n];
    double[] m = new double[n];
    int[] bins = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (valid[i]) {
        index[count] = i;
        m[count] = value[i];
        bins[count] = fixedBin[i];
        count++;
      }
    }
    if (count < minValidFraction * n) {
      return Double.NaN;
    }
    double[] d = grad == null ? null : new double[count];
    double c = cost.evaluate(m, bins, count, d);
    if (grad == null || Double.isNaN(c)) {
      return c;
    }
    // G = Σ dC/dm · ∇_voxel M ⊗ (x̃, 1), then chain through W_lin to world, then to q.
    double[] g = new double[12];
    for (int s = 0; s < count; s++) {
      int i = index[s];
      double di = d[s];
      if (di == 0) {
        continue;
      }
      for (int row = 0; row < 3; row++) {
        double gv = di * gradVox[3 * i + row];
        g[4 * row] += gv * sx[i];
        g[4 * row + 1] += gv * sy[i];
        g[4 * row + 2] += gv * sz[i];
        g[4 * row + 3] += gv;
      }
    }
    // dC/d(world moving point) = W_linᵀ · dC/d(voxel point).
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 4; col++) {
        double v = w.get(0, row) * g[col] + w.get(1, row) * g[4 + col] + w.get(2, row) * g[8 + col];
        if (col < 3) {
          grad[3 * row + col] = v / r;
        } else {
          grad[9 + row] = v;
        }
      }
    }
    return c;
  }
}
