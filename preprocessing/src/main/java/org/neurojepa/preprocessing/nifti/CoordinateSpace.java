package org.neurojepa.preprocessing.nifti;

/** The NIfTI-1 {@code qform_code}/{@code sform_code} values: which space the affine maps into. */
public enum CoordinateSpace {
  /** Scanner-based anatomical coordinates, as a DICOM conversion gives. */
  SCANNER_ANAT(1),
  /** Aligned to another scan. */
  ALIGNED_ANAT(2),
  TALAIRACH(3),
  /** MNI 152 (our templates, Colin27 included, live here). */
  MNI_152(4);

  private final int code;

  CoordinateSpace(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
