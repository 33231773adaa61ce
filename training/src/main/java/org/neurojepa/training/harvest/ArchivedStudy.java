package org.neurojepa.training.harvest;

import java.util.Objects;

/**
 * A study the archive holds that matches the selection. No patient data: the pseudonymous key is
 * made from the PatientID of the fetched files themselves.
 *
 * @param studyDate DICOM's YYYYMMDD, or "" when the archive has none
 * @param sourceKey what the source needs to find the study again (Orthanc's ID; "" for a PACS)
 */
public record ArchivedStudy(String studyInstanceUid, String studyDate, String sourceKey) {
  public ArchivedStudy {
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(studyDate, "studyDate");
    Objects.requireNonNull(sourceKey, "sourceKey");
    if (studyInstanceUid.isBlank()) {
      throw new IllegalArgumentException("a study needs its StudyInstanceUID");
    }
  }
}
