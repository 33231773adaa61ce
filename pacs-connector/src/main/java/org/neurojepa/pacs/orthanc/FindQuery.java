package org.neurojepa.pacs.orthanc;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to look for with Orthanc's {@code POST /tools/find}: patient, study date range, modality,
 * body part, UIDs. Unset criteria match everything. Build with {@link #builder()}.
 */
public final class FindQuery {
  private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private final String patientId;
  private final LocalDate studyDateFrom;
  private final LocalDate studyDateTo;
  private final String modality;
  private final String bodyPartExamined;
  private final String studyInstanceUid;
  private final String seriesInstanceUid;
  private final int limit;

  private FindQuery(Builder b) {
    this.patientId = b.patientId;
    this.studyDateFrom = b.studyDateFrom;
    this.studyDateTo = b.studyDateTo;
    this.modality = b.modality;
    this.bodyPartExamined = b.bodyPartExamined;
    this.studyInstanceUid = b.studyInstanceUid;
    this.seriesInstanceUid = b.seriesInstanceUid;
    this.limit = b.limit;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> patientId() {
    return Optional.ofNullable(patientId);
  }

  public Optional<String> modality() {
    return Optional.ofNullable(modality);
  }

  /** At most this many results; 0 for Orthanc's own limit ({@code LimitFindResults}). */
  public int limit() {
    return limit;
  }

  /**
   * The "Query" object for the given level, DICOM keyword to matching value. The modality goes
   * into ModalitiesInStudy for studies and Modality for series; a date range reads
   * {@code YYYYMMDD-YYYYMMDD}, open on one side when only one bound is set. BodyPartExamined is a
   * series attribute; at study level Orthanc matches the studies with such a series.
   */
  public Map<String, String> toQuery(ResourceLevel level) {
    Map<String, String> q = new LinkedHashMap<>();
    if (patientId != null) {
      q.put("PatientID", patientId);
    }
    if (studyDateFrom != null || studyDateTo != null) {
      String from = studyDateFrom == null ? "" : DICOM_DATE.format(studyDateFrom);
      String to = studyDateTo == null ? "" : DICOM_DATE.format(studyDateTo);
      q.put("StudyDate", from + "-" + to);
    }
    if (modality != null) {
      q.put(level == ResourceLevel.STUDY ? "ModalitiesInStudy" : "Modality", modality);
    }
    if (bodyPartExamined != null) {
      if (level == ResourceLevel.PATIENT) {
        throw new IllegalArgumentException("BodyPartExamined cannot select patients");
      }
      q.put("BodyPartExamined", bodyPartExamined);
    }
    if (studyInstanceUid != null) {
      q.put("StudyInstanceUID", studyInstanceUid);
    }
    if (seriesInstanceUid != null) {
      if (level == ResourceLevel.STUDY || level == ResourceLevel.PATIENT) {
        throw new IllegalArgumentException("SeriesInstanceUID cannot select " + level.orthancName() + " resources");
      }
      q.put("SeriesInstanceUID", seriesInstanceUid);
    }
    return q;
  }

  @Override
  public String toString() {
    return "FindQuery" + toQuery(ResourceLevel.SERIES) + (limit > 0 ? " limit " + limit : "");
  }

  public static final class Builder {
    private String patientId;
    private LocalDate studyDateFrom;
    private LocalDate studyDateTo;
    private String modality;
    private String bodyPartExamined;
    private String studyInstanceUid;
    private String seriesInstanceUid;
    private int limit;

    private Builder() {}

    /** Exact PatientID (DICOM wildcards * and ? are honoured by Orthanc). */
    public Builder patientId(String patientId) {
      this.patientId = nonBlank(patientId, "patientId");
      return this;
    }

    /** Studies dated from {@code from} to {@code to}, both included. */
    public Builder studyDate(LocalDate from, LocalDate to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("study date range ends before it starts: " + from + " .. " + to);
      }
      this.studyDateFrom = from;
      this.studyDateTo = to;
      return this;
    }

    public Builder studyDateFrom(LocalDate from) {
      this.studyDateFrom = Objects.requireNonNull(from, "from");
      return this;
    }

    public Builder studyDateTo(LocalDate to) {
      this.studyDateTo = Objects.requireNonNull(to, "to");
      return this;
    }

    /** e.g. "MR". */
    public Builder modality(String modality) {
      this.modality = nonBlank(modality, "modality");
      return this;
    }

    /** e.g. "BRAIN" or "HEAD" (DICOM's Body Part Examined, a series attribute). */
    public Builder bodyPartExamined(String bodyPart) {
      this.bodyPartExamined = nonBlank(bodyPart, "bodyPartExamined");
      return this;
    }

    public Builder studyInstanceUid(String uid) {
      this.studyInstanceUid = nonBlank(uid, "studyInstanceUid");
      return this;
    }

    public Builder seriesInstanceUid(String uid) {
      this.seriesInstanceUid = nonBlank(uid, "seriesInstanceUid");
      return this;
    }

    public Builder limit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be ≥ 0: " + limit);
      }
      this.limit = limit;
      return this;
    }

    public FindQuery build() {
      if (studyDateFrom != null && studyDateTo != null && studyDateTo.isBefore(studyDateFrom)) {
        throw new IllegalArgumentException(
            "study date range ends before it starts: " + studyDateFrom + " .. " + studyDateTo);
      }
      return new FindQuery(this);
    }

    private static String nonBlank(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
