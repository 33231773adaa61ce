package org.neurojepa.preprocessing.internal;

import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * A volume prepared for sampling: dimensions, voxels, voxel→world and world→voxel maps, and
 * trilinear interpolation with its exact gradient (in voxel units).
 */
public final class Grid {
  public final int nx;
  public final int ny;
  public final int nz;
  public final float[] v;
  public final Affine voxelToWorld;
  public final Affine worldToVoxel;

  public Grid(Volume volume) {
    this.nx = volume.nx();
    this.ny = volume.ny();
    this.nz = volume.nz();
    this.v = volume.voxels();
    this.voxelToWorld = volume.voxelToWorld();
    this.worldToVoxel = voxelToWorld.inverse();
  }

  public Volume toVolume() {
    return new Volume(nx, ny, nz, v, voxelToWorld);
  }

  /** Whether trilinear interpolation at voxel coordinates (x, y, z) stays inside the grid. */
  public boolean inside(double x, double y, double z) {
    return x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1;
  }

  /** Trilinear value at voxel coordinates; the caller checks {@link #inside}. */
  public double trilinear(double x, double y, double z) {
    int i = Math.min((int) x, nx - 2), j = Math.min((int) y, ny - 2), k = Math.min((int) z, nz - 2);
    double tx = x - i, ty = y - j, tz = z - k;
    int sy = nx, sz = nx * ny;
    int p = i + nx * (j + ny * k);
    double c00 = v[p] + tx * (v[p + 1] - v[p]);
    double c10 = v[p + sy] + tx * (v[p + sy + 1] - v[p + sy]);
    double c01 = v[p + sz] + tx * (v[p + sz + 1] - v[p + sz]);
    double c11 = v[p + sz + sy] + tx * (v[p + sz + sy + 1] - v[p + sz + sy]);
    double c0 = c00 + ty * (c10 - c00);
    double c1 = c01 + ty * (c11 - c01);
    return c0 + tz * (c1 - c0);
  }

  /** Trilinear value and its gradient d/dx, d/dy, d/dz into {@code out[0..3]}. */
  public void trilinearWithGradient(double x, double y, double z, double[] out) {
    int i = Math.min((int) x, nx - 2), j = Math.min((int) y, ny - 2), k = Math.min((int) z, nz - 2);
    double tx = x - i, ty = y - j, tz = z - k;
    int sy = nx, sz = nx * ny;
    int p = i + nx * (j + ny * k);
    double v000 = v[p], v100 = v[p + 1], v010 = v[p + sy], v110 = v[p + sy + 1];
    double v001 = v[p + sz], v101 = v[p + sz + 1], v011 = v[p + sz + sy], v111 = v[p + sz + sy + 1];
    double c00 = v000 + tx * (v100 - v000);
    double c10 = v010 + tx * (v110 - v010);
    double c01 = v001 + tx * (v101 - v001);
    double c11 = v011 + tx * (v111 - v011);
    double c0 = c00 + ty * (c10 - c00);
    double c1 = c01 + ty * (c11 - c01);
    out[0] = c0 + tz * (c1 - c0);
    double d00 = v100 - v000, d10 = v110 - v010, d01 = v101 - v001, d11 = v111 - v011;
    double d0 = d00 + ty * (d10 - d00), d1 = d01 + ty * (d11 - d01);
    out[1] = d0 + tz * (d1 - d0);
    double e0 = c10 - c00, e1 = c11 - c01;
    out[2] = e0 + tz * (e1 - e0);
    out[3] = c1 - c0;
  }
}
