package org.neurojepa.preprocessing.registration;

import java.util.stream.IntStream;
import org.neurojepa.preprocessing.internal.CubicBSpline;
import org.neurojepa.preprocessing.internal.Grid;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/** Resamples a volume onto another volume's grid through a world→world transform. */
public final class Resampler {
  private Resampler() {}

  /**
   * The moving volume on {@code grid}'s voxels: output voxel (i, j, k) at world point
   * x = grid(i, j, k) takes moving's value at {@code movingToGrid}⁻¹(x). Points outside the
   * moving volume are 0.
   *
   * @param movingToGrid maps moving world (RAS mm) → grid world, e.g. subject → template
   */
  public static Volume resample(Volume moving, Affine movingToGrid, Volume grid, Interpolation interpolation) {
    return resample(moving, movingToGrid, grid.nx(), grid.ny(), grid.nz(), grid.voxelToWorld(), interpolation);
  }

  public static Volume resample(Volume moving, Affine movingToGrid, int nx, int ny, int nz, Affine gridVoxelToWorld,
      Interpolation interpolation) {
    // Output voxel → moving voxel in one matrix.
    Affine m = moving.voxelToWorld().inverse().times(movingToGrid.inverse()).times(gridVoxelToWorld);
    double m00 = m.get(0, 0), m01 = m.get(0, 1), m02 = m.get(0, 2), m03 = m.get(0, 3);
    double m10 = m.get(1, 0), m11 = m.get(1, 1), m12 = m.get(1, 2), m13 = m.get(1, 3);
    double m20 = m.get(2, 0), m21 = m.get(2, 1), m22 = m.get(2, 2), m23 = m.get(2, 3);
    float[] out = new float[nx * ny * nz];
    Grid g = new Grid(moving);
    CubicBSpline spline = interpolation == Interpolation.CUBIC_BSPLINE
        ? CubicBSpline.of(moving.voxels(), moving.nx(), moving.ny(), moving.nz()) : null;
    int mx = moving.nx(), my = moving.ny(), mz = moving.nz();
    IntStream.range(0, nz).parallel().forEach(k -> {
      for (int j = 0; j < ny; j++) {
        double bx = m01 * j + m02 * k + m03, by = m11 * j + m12 * k + m13, bz = m21 * j + m22 * k + m23;
        int row = nx * (j + ny * k);
        for (int i = 0; i < nx; i++) {
          double x = bx + m00 * i, y = by + m10 * i, z = bz + m20 * i;
          float value;
          switch (interpolation) {
            case NEAREST -> {
              long ri = Math.round(x), rj = Math.round(y), rk = Math.round(z);
              value = ri < 0 || rj < 0 || rk < 0 || ri >= mx || rj >= my || rk >= mz
                  ? 0 : g.v[(int) (ri + mx * (rj + (long) my * rk))];
            }
            case TRILINEAR -> value = trilinearOrEdge(g, x, y, z);
            default -> value = (float) spline.value(x, y, z, 0);
          }
          out[row + i] = value;
        }
      }
    });
    return new Volume(nx, ny, nz, out, gridVoxelToWorld);
  }

  /** Trilinear inside, the nearest edge value within half a voxel outside (so edges do not shrink), else 0. */
  private static float trilinearOrEdge(Grid g, double x, double y, double z) {
    if (x < -0.5 || y < -0.5 || z < -0.5 || x > g.nx - 0.5 || y > g.ny - 0.5 || z > g.nz - 0.5) {
      return 0;
    }
    if (g.nx < 2 || g.ny < 2 || g.nz < 2) {
      return g.v[(int) (clamp(Math.round(x), g.nx) + g.nx * (clamp(Math.round(y), g.ny) + (long) g.ny * clamp(Math.round(z), g.nz)))];
    }
    return (float) g.trilinear(Math.max(0, Math.min(g.nx - 1, x)), Math.max(0, Math.min(g.ny - 1, y)),
        Math.max(0, Math.min(g.nz - 1, z)));
  }

  private static long clamp(long i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }
}
