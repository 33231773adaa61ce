package org.neurojepa.preprocessing.nifti;

import java.util.Optional;
import org.neurojepa.preprocessing.volume.Affine;

/**
 * The fields of a NIfTI-1 header that decide geometry and values.
 *
 * @param dim dim[0..7] as stored
 * @param pixdim pixdim[0..7] as stored (pixdim[0] is qfac)
 * @param sclSlope scaling slope; 0 or NaN means "no scaling"
 * @param qform the qform affine when qform_code &gt; 0
 * @param sform the sform affine when sform_code &gt; 0
 * @param affine the voxel→world affine used: sform, else qform, else pixdim scaling
 */
public record NiftiHeader(
    int[] dim,
    DataType dataType,
    double[] pixdim,
    long voxOffset,
    double sclSlope,
    double sclInter,
    int qformCode,
    int sformCode,
    Optional<Affine> qform,
    Optional<Affine> sform,
    Affine affine,
    int xyztUnits,
    String description,
    boolean bigEndian) {

  public NiftiHeader {
    dim = dim.clone();
    pixdim = pixdim.clone();
  }

  @Override
  public int[] dim() {
    return dim.clone();
  }

  @Override
  public double[] pixdim() {
    return pixdim.clone();
  }

  /** Whether stored values are scaled: slope finite and non-zero. */
  public boolean scaled() {
    return Double.isFinite(sclSlope) && sclSlope != 0 && Double.isFinite(sclInter)
        && !(sclSlope == 1 && sclInter == 0);
  }
}
