package org.neurojepa.preprocessing.volume;

import java.util.Objects;

/**
 * A scalar 3D image: voxels in NIfTI order (i fastest, then j, then k) and the affine from voxel
 * indices (i, j, k) to world coordinates in RAS millimetres, as a NIfTI sform. Voxel values are
 * physical (after rescale slope and intercept).
 *
 * <p>The voxel array is owned by the volume; callers that need to change values make a copy with
 * {@link #withVoxels(float[])}.
 */
public final class Volume {
  private final int nx;
  private final int ny;
  private final int nz;
  private final float[] voxels;
  private final Affine voxelToWorld;

  public Volume(int nx, int ny, int nz, float[] voxels, Affine voxelToWorld) {
    if (nx <= 0 || ny <= 0 || nz <= 0) {
      throw new IllegalArgumentException("volume dimensions must be positive: " + nx + "×" + ny + "×" + nz);
    }
    if ((long) nx * ny * nz != voxels.length) {
      throw new IllegalArgumentException(
          "volume " + nx + "×" + ny + "×" + nz + " needs " + ((long) nx * ny * nz) + " voxels, got " + voxels.length);
    }
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.voxels = voxels;
    this.voxelToWorld = Objects.requireNonNull(voxelToWorld, "voxelToWorld");
  }

  public int nx() {
    return nx;
  }

  public int ny() {
    return ny;
  }

  public int nz() {
    return nz;
  }

  public int voxelCount() {
    return voxels.length;
  }

  public Affine voxelToWorld() {
    return voxelToWorld;
  }

  /** The voxel array itself, not a copy: read it, do not change it. */
  public float[] voxels() {
    return voxels;
  }

  public int index(int i, int j, int k) {
    return i + nx * (j + ny * k);
  }

  public float get(int i, int j, int k) {
    return voxels[index(i, j, k)];
  }

  public Volume withVoxels(float[] newVoxels) {
    return new Volume(nx, ny, nz, newVoxels, voxelToWorld);
  }

  public Volume withAffine(Affine newVoxelToWorld) {
    return new Volume(nx, ny, nz, voxels, newVoxelToWorld);
  }

  /** Voxel size along i, j and k in mm. */
  public double[] spacing() {
    return new double[] {voxelToWorld.columnNorm(0), voxelToWorld.columnNorm(1), voxelToWorld.columnNorm(2)};
  }

  @Override
  public String toString() {
    return "Volume[" + nx + "×" + ny + "×" + nz + ", " + voxelToWorld + "]";
  }
}
