package org.neurojepa.pacs.orthanc;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A study as Orthanc stores it: its Orthanc ID and main DICOM tags. Tags Orthanc does not have
 * read as "" (DICOM's empty value).
 *
 * @param id Orthanc's ID of the study
 * @param patientResourceId Orthanc's ID of the patient
 * @param seriesIds Orthanc IDs of its series
 * @param stable whether Orthanc has declared the study stable (no new instance for StableAge)
 */
public record OrthancStudy(
    String id, String patientResourceId, String patientId, String patientName, String studyInstanceUid,
    String studyDate, String studyDescription, String accessionNumber, List<String> seriesIds, boolean stable) {
  public OrthancStudy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patientResourceId, "patientResourceId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(patientName, "patientName");
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(studyDate, "studyDate");
    Objects.requireNonNull(studyDescription, "studyDescription");
    Objects.requireNonNull(accessionNumber, "accessionNumber");
    seriesIds = List.copyOf(seriesIds);
  }

  /** StudyDate as a date; empty when absent or not a valid DICOM date. */
  public Optional<LocalDate> studyLocalDate() {
    try {
      return studyDate.isEmpty()
          ? Optional.empty()
          : Optional.of(LocalDate.parse(studyDate, DateTimeFormatter.BASIC_ISO_DATE));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
