package org.neurojepa.service.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.neurojepa.fhir.report.AnalysedSeries;
import org.neurojepa.fhir.report.AnalysedStudy;
import org.neurojepa.fhir.report.ModelVersion;
import org.neurojepa.fhir.report.PatientSex;
import org.neurojepa.fhir.report.ReportComposer;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.fhir.report.UsedSequence;
import org.neurojepa.fhir.report.ValidationIssue;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;

/**
 * Turns a study's series outcomes into a validated FHIR transaction, shared by the {@code report}
 * stage and {@code neurojepa analyze}: the technical results (sequences used, QC numbers, rejected
 * series with their reasons) and, when the model has findings heads, one finding per label fused
 * over the used sequences ({@link FindingFusion}); without heads the report says that no findings
 * model is installed. Of several kept series of one type, the lowest series number is used.
 */
public final class ReportAssembly {
  // study and patient attributes the DICOM node's tag list does not name
  private static final int PATIENT_NAME = 0x00100010;
  private static final int PATIENT_BIRTH_DATE = 0x00100030;
  private static final int PATIENT_SEX = 0x00100040;
  private static final int STUDY_TIME = 0x00080030;
  private static final int ACCESSION_NUMBER = 0x00080050;
  private static final int TIMEZONE_OFFSET_FROM_UTC = 0x00080201;

  private final ReportValidator validator;
  private final String patientIdentifierSystem;

  public ReportAssembly(ReportValidator validator, String patientIdentifierSystem) {
    this.validator = validator;
    this.patientIdentifierSystem = patientIdentifierSystem;
  }

  /**
   * @param studyHeader any instance header of the study (patient and study attributes)
   * @param modelName the architecture, e.g. {@code Neuro-JEPA tiny}
   * @param model the model version that embedded the kept series
   * @param validated whether that version is marked clinically validated (the report is then final)
   * @param supersedes the identifier of the study's earlier report, if any
   * @throws IllegalArgumentException when the study lacks what a report needs (PatientID, StudyDate)
   * @throws IllegalStateException when the composed resources do not validate
   */
  public ComposedReport assemble(DicomDataset studyHeader, String studyUid, List<SeriesOutcome> series,
      String modelName, org.neurojepa.model.ModelVersion model, boolean validated, Optional<String> supersedes,
      Instant issued) {
    AnalysedStudy.Builder b = AnalysedStudy.builder()
        .patient(patientIdentifierSystem, studyHeader.string(DicomTag.PATIENT_ID).orElse(""))
        .patientName(studyHeader.string(PATIENT_NAME).orElse(null))
        .patientSex(PatientSex.fromDicom(studyHeader.string(PATIENT_SEX).orElse(null)))
        .patientBirthDate(date(studyHeader.string(PATIENT_BIRTH_DATE)).orElse(null))
        .study(studyUid, studyDateTime(studyHeader))
        .accessionNumber(studyHeader.string(ACCESSION_NUMBER).orElse(null))
        .model(fhirModel(modelName, model, validated))
        .issued(issued);
    Set<SequenceType> used = EnumSet.noneOf(SequenceType.class);
    List<List<LabelProbability>> usedFindings = new java.util.ArrayList<>();
    List<SeriesOutcome> ordered = series.stream()
        .sorted(Comparator.comparing((SeriesOutcome s) -> s.seriesNumber().orElse(Integer.MAX_VALUE))
            .thenComparing(SeriesOutcome::seriesInstanceUid))
        .toList();
    for (SeriesOutcome s : ordered) {
      if (s.kept().isPresent()) {
        SequenceType type = s.kept().get();
        b.addSeries(AnalysedSeries.kept(s.seriesInstanceUid(), s.seriesNumber().orElse(null),
            s.description().orElse(null), s.instanceCount(), type));
        if (used.add(type)) {
          var qc = s.qc().orElseThrow();
          b.addUsedSequence(new UsedSequence(type, s.seriesInstanceUid(), qc.mutualInformation(), qc.psnrDb(),
              Math.max(-1, Math.min(1, qc.pearson()))));
          if (!s.findings().isEmpty()) {
            usedFindings.add(s.findings());
          }
        }
      } else {
        b.addSeries(AnalysedSeries.rejected(s.seriesInstanceUid(), s.seriesNumber().orElse(null),
            s.description().orElse(null), s.modality().isBlank() ? "MR" : s.modality(), s.instanceCount(),
            s.rejection().orElseThrow()));
      }
    }
    FindingFusion.fuse(usedFindings).forEach(b::addFinding);
    AnalysedStudy study = b.build();
    // the same analysis again keeps its identifier and supersedes nothing
    if (supersedes.isPresent() && !supersedes.get().equals(study.reportIdentifier())) {
      study = b.supersedes(supersedes.get()).build();
    }
    ReportResources resources = ReportComposer.compose(study);
    Bundle bundle = resources.transaction();
    List<ValidationIssue> issues = validator.validate(bundle);
    List<ValidationIssue> errors = issues.stream().filter(ValidationIssue::isError).toList();
    if (!errors.isEmpty()) {
      throw new IllegalStateException("the report of study " + studyUid + " does not validate: " + errors);
    }
    String json = validator.context().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
    return new ComposedReport(resources.reportIdentifier(), model.id(), resources, json,
        issues.stream().filter(i -> !i.isError()).toList());
  }

  /**
   * The FHIR side's model identity. An untrained encoder's digest is {@code untrained-<seed>}: the
   * encoder's own version, which a registry version's name starts with (encoder + "+" + heads).
   */
  static ModelVersion fhirModel(String modelName, org.neurojepa.model.ModelVersion model, boolean validated) {
    String digest = model.isTrained() ? model.weightsSha256() : model.id().split("\\+", 2)[0];
    return new ModelVersion(modelName, model.id(), digest, validated && model.isTrained());
  }

  private static OffsetDateTime studyDateTime(DicomDataset h) {
    LocalDate date = date(h.string(DicomTag.STUDY_DATE))
        .orElseThrow(() -> new IllegalArgumentException("StudyDate is missing or not a DICOM date"));
    LocalTime time = h.string(STUDY_TIME).flatMap(ReportAssembly::time).orElse(LocalTime.MIDNIGHT);
    ZoneOffset offset = h.string(TIMEZONE_OFFSET_FROM_UTC).flatMap(ReportAssembly::offset)
        .orElse(ZoneId.systemDefault().getRules().getOffset(date.atTime(time)));
    return OffsetDateTime.of(date, time, offset);
  }

  private static Optional<LocalDate> date(Optional<String> da) {
    try {
      return da.map(s -> LocalDate.parse(s.trim(), DateTimeFormatter.BASIC_ISO_DATE));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalTime> time(String tm) {
    String s = tm.trim().replace(":", "");
    int dot = s.indexOf('.');
    String whole = dot < 0 ? s : s.substring(0, dot);
    try {
      int hour = Integer.parseInt(whole.substring(0, 2));
      int minute = whole.length() >= 4 ? Integer.parseInt(whole.substring(2, 4)) : 0;
      int second = whole.length() >= 6 ? Math.min(59, Integer.parseInt(whole.substring(4, 6))) : 0;
      return Optional.of(LocalTime.of(hour, minute, second));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<ZoneOffset> offset(String s) {
    try {
      return Optional.of(ZoneOffset.of(s.trim().substring(0, 3) + ":" + s.trim().substring(3, 5)));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
