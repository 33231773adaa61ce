package org.neurojepa.pacs.file;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The data elements the pipeline reads, as (group &lt;&lt; 16 | element) numbers, with their standard
 * keywords. Our own table rather than the toolkit's dictionary, which lacks some of them.
 */
public final class DicomTag {
  public static final int SOP_CLASS_UID = 0x00080016;
  public static final int SOP_INSTANCE_UID = 0x00080018;
  public static final int IMAGE_TYPE = 0x00080008;
  public static final int STUDY_DATE = 0x00080020;
  public static final int ACQUISITION_TIME = 0x00080032;
  public static final int CONTENT_TIME = 0x00080033;
  public static final int MODALITY = 0x00080060;
  public static final int MANUFACTURER = 0x00080070;
  public static final int STUDY_DESCRIPTION = 0x00081030;
  public static final int SERIES_DESCRIPTION = 0x0008103E;
  public static final int MANUFACTURER_MODEL_NAME = 0x00081090;
  public static final int PATIENT_ID = 0x00100020;
  public static final int CONTRAST_BOLUS_AGENT = 0x00180010;
  public static final int BODY_PART_EXAMINED = 0x00180015;
  public static final int SCANNING_SEQUENCE = 0x00180020;
  public static final int SEQUENCE_VARIANT = 0x00180021;
  public static final int SCAN_OPTIONS = 0x00180022;
  public static final int MR_ACQUISITION_TYPE = 0x00180023;
  public static final int SEQUENCE_NAME = 0x00180024;
  public static final int SLICE_THICKNESS = 0x00180050;
  public static final int REPETITION_TIME = 0x00180080;
  public static final int ECHO_TIME = 0x00180081;
  public static final int INVERSION_TIME = 0x00180082;
  public static final int MAGNETIC_FIELD_STRENGTH = 0x00180087;
  public static final int SPACING_BETWEEN_SLICES = 0x00180088;
  public static final int ECHO_NUMBERS = 0x00180086;
  public static final int PROTOCOL_NAME = 0x00181030;
  public static final int FLIP_ANGLE = 0x00181314;
  public static final int DIFFUSION_B_VALUE = 0x00189087;
  public static final int PULSE_SEQUENCE_NAME = 0x00189005;
  public static final int ECHO_PULSE_SEQUENCE = 0x00189008;
  public static final int STUDY_INSTANCE_UID = 0x0020000D;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int SERIES_NUMBER = 0x00200011;
  public static final int ACQUISITION_NUMBER = 0x00200012;
  public static final int INSTANCE_NUMBER = 0x00200013;
  public static final int IMAGE_POSITION_PATIENT = 0x00200032;
  public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
  public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
  public static final int TEMPORAL_POSITION_IDENTIFIER = 0x00200100;
  public static final int NUMBER_OF_TEMPORAL_POSITIONS = 0x00200105;
  public static final int IMAGES_IN_ACQUISITION = 0x00201002;
  public static final int SLICE_LOCATION = 0x00201041;
  public static final int TEMPORAL_POSITION_INDEX = 0x00209128;
  public static final int SAMPLES_PER_PIXEL = 0x00280002;
  public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  public static final int NUMBER_OF_FRAMES = 0x00280008;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int PIXEL_SPACING = 0x00280030;
  public static final int BITS_ALLOCATED = 0x00280100;
  public static final int BITS_STORED = 0x00280101;
  public static final int HIGH_BIT = 0x00280102;
  public static final int PIXEL_REPRESENTATION = 0x00280103;
  public static final int RESCALE_INTERCEPT = 0x00281052;
  public static final int RESCALE_SLOPE = 0x00281053;
  public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009229;
  public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009230;
  public static final int PIXEL_MEASURES_SEQUENCE = 0x00289110;
  public static final int PLANE_POSITION_SEQUENCE = 0x00209113;
  public static final int PLANE_ORIENTATION_SEQUENCE = 0x00209116;
  public static final int FRAME_CONTENT_SEQUENCE = 0x00209111;
  public static final int PIXEL_VALUE_TRANSFORMATION_SEQUENCE = 0x00289145;
  public static final int MR_ECHO_SEQUENCE = 0x00189114;
  public static final int EFFECTIVE_ECHO_TIME = 0x00189082;
  public static final int MR_TIMING_AND_RELATED_PARAMETERS_SEQUENCE = 0x00189112;
  public static final int MR_MODIFIER_SEQUENCE = 0x00189115;
  public static final int MR_DIFFUSION_SEQUENCE = 0x00189117;
  public static final int MR_IMAGE_FRAME_TYPE_SEQUENCE = 0x00189226;
  public static final int FRAME_TYPE = 0x00089007;
  public static final int STACK_ID = 0x00209056;
  public static final int IN_STACK_POSITION_NUMBER = 0x00209057;
  public static final int DIMENSION_INDEX_VALUES = 0x00209157;
  public static final int FRAME_ACQUISITION_DATETIME = 0x00189074;
  public static final int PIXEL_DATA = 0x7FE00010;

  private static final Map<String, Integer> BY_KEYWORD = byKeyword();

  private DicomTag() {}

  /** The tag of a standard keyword such as {@code "ImagePositionPatient"} (case-insensitive). */
  public static Optional<Integer> forKeyword(String keyword) {
    return Optional.ofNullable(BY_KEYWORD.get(keyword.toLowerCase(Locale.ROOT)));
  }

  /** {@code (gggg,eeee)}. */
  public static String toString(int tag) {
    return String.format(Locale.ROOT, "(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
  }

  private static Map<String, Integer> byKeyword() {
    Map<String, Integer> m = new HashMap<>();
    for (java.lang.reflect.Field f : DicomTag.class.getFields()) {
      if (f.getType() == int.class) {
        try {
          m.put(f.getName().replace("_", "").toLowerCase(Locale.ROOT), f.getInt(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    // Standard keywords whose capitalisation does not follow the constant's name.
    m.put("mracquisitiontype", MR_ACQUISITION_TYPE);
    m.put("sopinstanceuid", SOP_INSTANCE_UID);
    m.put("sopclassuid", SOP_CLASS_UID);
    return Collections.unmodifiableMap(m);
  }
}
