package org.neurojepa.pacs.internal.file;

import java.util.HashMap;
import java.util.Map;
import org.neurojepa.pacs.file.DicomTag;

/**
 * Value representations of the elements we interpret, for implicit-VR data sets, which do not
 * carry them. Elements not listed are read as text when their bytes are printable, as a sequence
 * when they hold items, and skipped otherwise.
 */
final class ImplicitVr {
  private static final Map<Integer, String> VR = new HashMap<>();

  static {
    for (int tag : new int[] {DicomTag.SAMPLES_PER_PIXEL, DicomTag.ROWS, DicomTag.COLUMNS, DicomTag.BITS_ALLOCATED,
        DicomTag.BITS_STORED, DicomTag.HIGH_BIT, DicomTag.PIXEL_REPRESENTATION, 0x00280106, 0x00280107,
        0x00280120 /* PixelPaddingValue */}) {
      VR.put(tag, "US");
    }
    for (int tag : new int[] {DicomTag.DIFFUSION_B_VALUE, 0x00189079 /* InversionTimes */, DicomTag.EFFECTIVE_ECHO_TIME,
        0x00189089 /* DiffusionGradientOrientation */, 0x00189147 /* unused but FD */}) {
      VR.put(tag, "FD");
    }
    for (int tag : new int[] {DicomTag.IN_STACK_POSITION_NUMBER, DicomTag.TEMPORAL_POSITION_INDEX,
        DicomTag.DIMENSION_INDEX_VALUES, 0x00209128}) {
      VR.put(tag, "UL");
    }
    for (int tag : new int[] {DicomTag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, DicomTag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE,
        DicomTag.PIXEL_MEASURES_SEQUENCE, DicomTag.PLANE_POSITION_SEQUENCE, DicomTag.PLANE_ORIENTATION_SEQUENCE,
        DicomTag.FRAME_CONTENT_SEQUENCE, DicomTag.PIXEL_VALUE_TRANSFORMATION_SEQUENCE, DicomTag.MR_ECHO_SEQUENCE,
        DicomTag.MR_TIMING_AND_RELATED_PARAMETERS_SEQUENCE, DicomTag.MR_MODIFIER_SEQUENCE,
        DicomTag.MR_DIFFUSION_SEQUENCE, DicomTag.MR_IMAGE_FRAME_TYPE_SEQUENCE}) {
      VR.put(tag, "SQ");
    }
    VR.put(DicomTag.PIXEL_DATA, "OW");
  }

  private ImplicitVr() {}

  /** The VR of a known element, or null. */
  static String of(int tag) {
    return VR.get(tag);
  }
}
