package org.neurojepa.preprocessing.input;

import org.neurojepa.preprocessing.volume.Volume;

/**
 * What the encoder takes for one sequence.
 *
 * @param tensor 96·108·96 floats in [0, 1], row-major over (D, H, W) = (R, A, S): index
 *     ((d · 108) + h) · 96 + w, where d runs towards Right, h towards Anterior, w towards
 *     Superior. This is the C-order layout of the (96, 108, 96) array nibabel would give for
 *     {@link #volume()}, i.e. the transpose of NIfTI's storage order (i fastest).
 * @param volume the same values as a volume (i = D, j = H, k = W) with the voxel→world affine
 *     that places it in template space, for writing input.nii.gz
 */
public record ModelInput(float[] tensor, Volume volume) {
  public static final int D = 96;
  public static final int H = 108;
  public static final int W = 96;

  public ModelInput {
    if (tensor.length != D * H * W || volume.nx() != D || volume.ny() != H || volume.nz() != W) {
      throw new IllegalArgumentException("model input must be " + D + "×" + H + "×" + W);
    }
  }
}
