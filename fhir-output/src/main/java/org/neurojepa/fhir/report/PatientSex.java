package org.neurojepa.fhir.report;

/** DICOM PatientSex (0010,0040), as FHIR's administrative gender understands it. */
public enum PatientSex {
  MALE,
  FEMALE,
  OTHER,
  UNKNOWN;

  /** Maps the DICOM code string M, F or O; anything else (empty included) is UNKNOWN. */
  public static PatientSex fromDicom(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "M" -> MALE;
      case "F" -> FEMALE;
      case "O" -> OTHER;
      default -> UNKNOWN;
    };
  }
}
