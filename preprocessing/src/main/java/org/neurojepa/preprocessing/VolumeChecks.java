package org.neurojepa.preprocessing;

import org.neurojepa.preprocessing.volume.Volume;

/** The checks every step makes before working on a volume, so that bad input fails clearly and early. */
public final class VolumeChecks {
  private VolumeChecks() {}

  /**
   * Throws {@link InvalidInputException} for a volume that cannot be a 3-D head scan: fewer than
   * {@code minSlices} voxels along any axis, no finite value, or all finite values equal.
   *
   * @param what names the volume in the message ("subject", "template" …)
   */
  public static void requireUsable(Volume v, String what, int minSlices) {
    if (v.nx() < minSlices || v.ny() < minSlices || v.nz() < minSlices) {
      throw new InvalidInputException(what + " volume is " + v.nx() + "×" + v.ny() + "×" + v.nz()
          + ": a 3-D scan needs at least " + minSlices + " voxels along each axis (a single slice or a thin slab cannot be registered)");
    }
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    long nonFinite = 0;
    for (float f : v.voxels()) {
      if (Float.isFinite(f)) {
        min = Math.min(min, f);
        max = Math.max(max, f);
      } else {
        nonFinite++;
      }
    }
    if (min > max) {
      throw new InvalidInputException(what + " volume has no finite voxel value (all " + v.voxelCount() + " are NaN or infinite)");
    }
    if (min == max) {
      throw new InvalidInputException(what + " volume is constant (every finite voxel is " + min + "): nothing to register");
    }
    if (nonFinite > v.voxelCount() / 2) {
      throw new InvalidInputException(what + " volume has " + nonFinite + " of " + v.voxelCount() + " voxels NaN or infinite");
    }
  }

  /** A copy with NaN and infinite voxels set to 0, or the same voxels when all are finite. */
  public static Volume finite(Volume v) {
    float[] src = v.voxels();
    for (int k = 0; k < src.length; k++) {
      if (!Float.isFinite(src[k])) {
        float[] copy = src.clone();
        for (int t = k; t < copy.length; t++) {
          if (!Float.isFinite(copy[t])) {
            copy[t] = 0;
          }
        }
        return v.withVoxels(copy);
      }
    }
    return v;
  }
}
