package org.neurojepa.preprocessing.mask;

import org.neurojepa.preprocessing.registration.Interpolation;
import org.neurojepa.preprocessing.registration.Resampler;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Brain extraction without a learned model: the template's brain mask carried through the
 * registration. In template space it is the template's mask itself; in the subject's space it is
 * that mask resampled (trilinear, then ≥ 0.5) through the inverse transform.
 */
public final class BrainMask {
  private BrainMask() {}

  /**
   * The template mask on the subject's grid.
   *
   * @param subjectToTemplate the registration result (subject world → template world)
   */
  public static Volume carryBack(Volume templateMask, Affine subjectToTemplate, Volume subjectGrid) {
    Volume soft = Resampler.resample(templateMask, subjectToTemplate.inverse(), subjectGrid, Interpolation.TRILINEAR);
    return binarise(soft);
  }

  /** 1 where the value is at least 0.5, else 0. */
  public static Volume binarise(Volume v) {
    float[] in = v.voxels();
    float[] out = new float[in.length];
    for (int k = 0; k < in.length; k++) {
      out[k] = in[k] >= 0.5f ? 1 : 0;
    }
    return v.withVoxels(out);
  }

  /** The image with voxels outside the mask set to 0 (same grid required). */
  public static Volume apply(Volume image, Volume mask) {
    if (image.voxelCount() != mask.voxelCount() || image.nx() != mask.nx() || image.ny() != mask.ny()) {
      throw new IllegalArgumentException("mask " + mask + " is not on the image's grid " + image);
    }
    float[] in = image.voxels(), m = mask.voxels();
    float[] out = new float[in.length];
    for (int k = 0; k < in.length; k++) {
      out[k] = m[k] > 0 ? in[k] : 0;
    }
    return image.withVoxels(out);
  }

  /** Dice coefficient 2|A∩B| / (|A| + |B|) of two masks on the same grid (non-zero = inside). */
  public static double dice(Volume a, Volume b) {
    if (a.voxelCount() != b.voxelCount()) {
      throw new IllegalArgumentException("masks on different grids: " + a + " / " + b);
    }
    long both = 0, na = 0, nb = 0;
    float[] x = a.voxels(), y = b.voxels();
    for (int k = 0; k < x.length; k++) {
      boolean p = x[k] > 0, q = y[k] > 0;
      na += p ? 1 : 0;
      nb += q ? 1 : 0;
      both += p && q ? 1 : 0;
    }
    return na + nb == 0 ? 1 : 2.0 * both / (na + nb);
  }
}
