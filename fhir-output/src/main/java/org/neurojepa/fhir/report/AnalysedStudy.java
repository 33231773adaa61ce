package org.neurojepa.fhir.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the FHIR output needs to know about one analysed study, independent of the model and
 * preprocessing modules. An empty {@link #findings()} list means that no findings model is
 * installed: the report then carries only technical results.
 */
public record AnalysedStudy(
    String patientIdentifierSystem,
    String patientId,
    Optional<String> patientName,
    PatientSex patientSex,
    Optional<LocalDate> patientBirthDate,
    String studyInstanceUid,
    OffsetDateTime studyDateTime,
    Optional<String> accessionNumber,
    List<AnalysedSeries> series,
    List<UsedSequence> usedSequences,
    ModelVersion model,
    List<Finding> findings,
    Instant issued,
    Optional<String> supersededReportIdentifier) {

  public AnalysedStudy {
    if (patientIdentifierSystem == null || !patientIdentifierSystem.matches("(https?|urn):\\S+")) {
      throw new IllegalArgumentException(
          "patient identifier system must be an absolute URI: '" + patientIdentifierSystem + "'");
    }
    if (patientId == null || patientId.isBlank()) {
      throw new IllegalArgumentException("PatientID is missing: a report needs a subject");
    }
    if (patientId.length() > 64 || patientId.contains("\\")) {
      throw new IllegalArgumentException("PatientID is not a DICOM LO value: '" + patientId + "'");
    }
    Objects.requireNonNull(patientName, "patientName");
    Objects.requireNonNull(patientSex, "patientSex");
    Objects.requireNonNull(patientBirthDate, "patientBirthDate");
    Uids.requireUid(studyInstanceUid, "StudyInstanceUID");
    Objects.requireNonNull(studyDateTime, "studyDateTime");
    Objects.requireNonNull(accessionNumber, "accessionNumber");
    series = List.copyOf(series);
    usedSequences = List.copyOf(usedSequences);
    Objects.requireNonNull(model, "model");
    findings = List.copyOf(findings);
    Objects.requireNonNull(issued, "issued");
    Objects.requireNonNull(supersededReportIdentifier, "supersededReportIdentifier");
    checkConsistency(series, usedSequences, findings);
  }

  private static void checkConsistency(
      List<AnalysedSeries> series, List<UsedSequence> used, List<Finding> findings) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("a study needs at least one series");
    }
    Map<String, AnalysedSeries> byUid = new HashMap<>();
    for (AnalysedSeries s : series) {
      if (byUid.put(s.seriesInstanceUid(), s) != null) {
        throw new IllegalArgumentException("series " + s.seriesInstanceUid() + " listed twice");
      }
    }
    Set<SequenceType> types = new HashSet<>();
    for (UsedSequence u : used) {
      AnalysedSeries s = byUid.get(u.seriesInstanceUid());
      if (s == null) {
        throw new IllegalArgumentException(
            "used " + u.type().display() + " sequence refers to unknown series " + u.seriesInstanceUid());
      }
      if (s.sequenceType().isEmpty() || s.sequenceType().get() != u.type()) {
        throw new IllegalArgumentException("series " + u.seriesInstanceUid() + " was not kept as "
            + u.type().display() + (s.rejectionReason().map(r -> " (rejected: " + r + ")").orElse("")));
      }
      if (!types.add(u.type())) {
        throw new IllegalArgumentException("two " + u.type().display() + " sequences used");
      }
    }
    if (!findings.isEmpty() && used.isEmpty()) {
      throw new IllegalArgumentException("findings without any used sequence");
    }
    Set<String> codes = new HashSet<>();
    for (Finding f : findings) {
      if (!codes.add(f.code().system() + "|" + f.code().code())) {
        throw new IllegalArgumentException("finding " + f.code().code() + " listed twice");
      }
    }
  }

  /** True when a findings model produced results; false when none is installed. */
  public boolean hasFindingsModel() {
    return !findings.isEmpty();
  }

  /**
   * The report's business identifier: the study, the model version, and a digest of the model's
   * weights and of the series inventory (UIDs and instance counts). The same analysis delivered
   * twice keeps its identifier; a new model version or a re-opened series changes it.
   */
  public String reportIdentifier() {
    StringBuilder inventory = new StringBuilder()
        .append(model.name()).append('\n').append(model.version()).append('\n').append(model.weightsSha256());
    series.stream()
        .sorted(Comparator.comparing(AnalysedSeries::seriesInstanceUid))
        .forEach(s -> inventory.append('\n').append(s.seriesInstanceUid()).append('=').append(s.instanceCount()));
    String digest = HexFormat.of().formatHex(sha256(inventory.toString())).substring(0, 16);
    return studyInstanceUid + ":" + model.name() + "-" + model.version() + ":" + digest;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AnalysedStudy}; optional parts may be left out. */
  public static final class Builder {
    private String patientIdentifierSystem;
    private String patientId;
    private String patientName;
    private PatientSex patientSex = PatientSex.UNKNOWN;
    private LocalDate patientBirthDate;
    private String studyInstanceUid;
    private OffsetDateTime studyDateTime;
    private String accessionNumber;
    private final List<AnalysedSeries> series = new ArrayList<>();
    private final List<UsedSequence> usedSequences = new ArrayList<>();
    private ModelVersion model;
    private final List<Finding> findings = new ArrayList<>();
    private Instant issued;
    private String supersededReportIdentifier;

    private Builder() {}

    public Builder patient(String identifierSystem, String patientId) {
      this.patientIdentifierSystem = identifierSystem;
      this.patientId = patientId;
      return this;
    }

    /** DICOM person name, {@code Family^Given^Middle^Prefix^Suffix}. */
    public Builder patientName(String dicomPersonName) {
      this.patientName = blankToNull(dicomPersonName);
      return this;
    }

    public Builder patientSex(PatientSex sex) {
      this.patientSex = Objects.requireNonNull(sex, "sex");
      return this;
    }

    public Builder patientBirthDate(LocalDate birthDate) {
      this.patientBirthDate = birthDate;
      return this;
    }

    public Builder study(String studyInstanceUid, OffsetDateTime studyDateTime) {
      this.studyInstanceUid = studyInstanceUid;
      this.studyDateTime = studyDateTime;
      return this;
    }

    public Builder accessionNumber(String accessionNumber) {
      this.accessionNumber = blankToNull(accessionNumber);
      return this;
    }

    public Builder addSeries(AnalysedSeries s) {
      series.add(Objects.requireNonNull(s, "series"));
      return this;
    }

    public Builder addUsedSequence(UsedSequence u) {
      usedSequences.add(Objects.requireNonNull(u, "used sequence"));
      return this;
    }

    public Builder model(ModelVersion model) {
      this.model = model;
      return this;
    }

    public Builder addFinding(Finding f) {
      findings.add(Objects.requireNonNull(f, "finding"));
      return this;
    }

    public Builder issued(Instant issued) {
      this.issued = issued;
      return this;
    }

    /** The identifier of an earlier report on this study that the new one replaces. */
    public Builder supersedes(String earlierReportIdentifier) {
      this.supersededReportIdentifier = blankToNull(earlierReportIdentifier);
      return this;
    }

    public AnalysedStudy build() {
      return new AnalysedStudy(patientIdentifierSystem, patientId, Optional.ofNullable(patientName), patientSex,
          Optional.ofNullable(patientBirthDate), studyInstanceUid, studyDateTime,
          Optional.ofNullable(accessionNumber), series, usedSequences, model, findings, issued,
          Optional.ofNullable(supersededReportIdentifier));
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }
  }
}
