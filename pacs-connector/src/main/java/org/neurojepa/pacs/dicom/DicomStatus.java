package org.neurojepa.pacs.dicom;

/**
 * A DIMSE status (PS3.7 Annex C) with the standard's meaning. C-STORE failures that the node
 * answers: Out of Resources (A7xx), Data Set does not match SOP Class (A9xx), Cannot understand
 * (Cxxx), Refused: SOP class not supported (0122). C-MOVE answers our client reads: Move
 * Destination unknown (A801), Sub-operations complete with failures (B000).
 */
public record DicomStatus(int code, String meaning) {
  public static final DicomStatus SUCCESS = new DicomStatus(0x0000, "Success");
  public static final DicomStatus OUT_OF_RESOURCES = new DicomStatus(0xA700, "Refused: Out of Resources");
  public static final DicomStatus DATA_SET_DOES_NOT_MATCH_SOP_CLASS =
      new DicomStatus(0xA900, "Error: Data Set does not match SOP Class");
  public static final DicomStatus CANNOT_UNDERSTAND = new DicomStatus(0xC000, "Error: Cannot understand");
  public static final DicomStatus SOP_CLASS_NOT_SUPPORTED =
      new DicomStatus(0x0122, "Refused: SOP Class not supported");
  public static final DicomStatus PROCESSING_FAILURE = new DicomStatus(0x0110, "Processing failure");
  /** C-MOVE: the peer does not know the destination AE title (it has no address for it). */
  public static final DicomStatus MOVE_DESTINATION_UNKNOWN = new DicomStatus(0xA801, "Refused: Move Destination unknown");
  /** C-MOVE: done, but one or more sub-operations (C-STOREs to the destination) failed. */
  public static final DicomStatus SUB_OPERATIONS_COMPLETE_WITH_FAILURES =
      new DicomStatus(0xB000, "Warning: Sub-operations Complete - One or more Failures");

  public DicomStatus {
    if (code < 0 || code > 0xFFFF) {
      throw new IllegalArgumentException("a DIMSE status is 16 bits, got " + code);
    }
  }

  /** A status received from a peer; its meaning is the class it falls in. */
  public static DicomStatus of(int code) {
    for (DicomStatus known :
        new DicomStatus[] {SUCCESS, OUT_OF_RESOURCES, DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
            CANNOT_UNDERSTAND, SOP_CLASS_NOT_SUPPORTED, PROCESSING_FAILURE, MOVE_DESTINATION_UNKNOWN,
            SUB_OPERATIONS_COMPLETE_WITH_FAILURES}) {
      if (known.code == code) {
        return known;
      }
    }
    if (isWarningCode(code)) {
      return new DicomStatus(code, "Warning");
    }
    return new DicomStatus(code, code == 0 ? "Success" : "Failure");
  }

  public boolean isSuccess() {
    return code == 0x0000;
  }

  /** Warning statuses: 0001, Bxxx and 0107 (attribute list error), 0116 (value out of range). */
  public boolean isWarning() {
    return isWarningCode(code);
  }

  public boolean isFailure() {
    return !isSuccess() && !isWarning();
  }

  private static boolean isWarningCode(int code) {
    return code == 0x0001 || (code & 0xF000) == 0xB000 || code == 0x0107 || code == 0x0116;
  }

  @Override
  public String toString() {
    return String.format("%04X %s", code, meaning);
  }
}
