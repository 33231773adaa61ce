package org.neurojepa.pacs.orthanc;

/**
 * Kinds of entries in Orthanc's change feed ({@code GET /changes}). A kind this client does not
 * know yet reads as {@link #OTHER}; {@link Change#typeName()} keeps Orthanc's spelling.
 */
public enum ChangeType {
  COMPLETED_SERIES("CompletedSeries"),
  DELETED("Deleted"),
  NEW_CHILD_INSTANCE("NewChildInstance"),
  NEW_INSTANCE("NewInstance"),
  NEW_PATIENT("NewPatient"),
  NEW_SERIES("NewSeries"),
  NEW_STUDY("NewStudy"),
  STABLE_PATIENT("StablePatient"),
  STABLE_SERIES("StableSeries"),
  STABLE_STUDY("StableStudy"),
  MODIFIED_PATIENT("ModifiedPatient"),
  MODIFIED_STUDY("ModifiedStudy"),
  MODIFIED_SERIES("ModifiedSeries"),
  ANONYMIZED_PATIENT("AnonymizedPatient"),
  ANONYMIZED_STUDY("AnonymizedStudy"),
  ANONYMIZED_SERIES("AnonymizedSeries"),
  UPDATED_ATTACHMENT("UpdatedAttachment"),
  UPDATED_METADATA("UpdatedMetadata"),
  JOB_SUBMITTED("JobSubmitted"),
  JOB_SUCCESS("JobSuccess"),
  JOB_FAILURE("JobFailure"),
  OTHER("");

  private final String orthancName;

  ChangeType(String orthancName) {
    this.orthancName = orthancName;
  }

  public String orthancName() {
    return orthancName;
  }

  public static ChangeType fromOrthanc(String name) {
    for (ChangeType type : values()) {
      if (type != OTHER && type.orthancName.equals(name)) {
        return type;
      }
    }
    return OTHER;
  }
}
