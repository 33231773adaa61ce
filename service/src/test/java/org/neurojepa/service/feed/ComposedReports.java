package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.neurojepa.fhir.report.AnalysedSeries;
import org.neurojepa.fhir.report.AnalysedStudy;
import org.neurojepa.fhir.report.ModelVersion;
import org.neurojepa.fhir.report.ReportComposer;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.fhir.report.UsedSequence;
import org.neurojepa.service.report.ComposedReport;
import org.neurojepa.service.report.Reports;

/**
 * Reports made by fhir-output's ReportComposer and stored through the service's {@link Reports},
 * as the report stage stores them (a later one supersedes the study's current report), without
 * the pipeline: for search cases that need many studies.
 */
final class ComposedReports {
  static final String PATIENT_SYSTEM = "urn:neurojepa:patient-id";

  private ComposedReports() {}

  /** A study of one T1w series (and {@code extraSeries} rejected ones) by the untrained tiny model. */
  static AnalysedStudy.Builder study(String patientId, String studyUid, OffsetDateTime when, int extraSeries) {
    AnalysedStudy.Builder b = AnalysedStudy.builder()
        .patient(PATIENT_SYSTEM, patientId)
        .patientName("Test^Patient")
        .study(studyUid, when)
        .model(ModelVersion.untrained("Neuro-JEPA tiny", "untrained-0", 0))
        .issued(when.toInstant().plusSeconds(3600));
    String t1 = studyUid + ".1";
    b.addSeries(AnalysedSeries.kept(t1, 1, "T1 MPRAGE", 96, SequenceType.T1W));
    b.addUsedSequence(new UsedSequence(SequenceType.T1W, t1, 0.72, 28.1, 0.93));
    for (int i = 0; i < extraSeries; i++) {
      b.addSeries(AnalysedSeries.rejected(studyUid + ".9" + i, 90 + i, "localizer", "MR", 3, "localizer/scout"));
    }
    return b;
  }

  /** Stores the study's report as the report stage would: superseding the study's current one. */
  static Reports.Stored store(Reports reports, AnalysedStudy.Builder study) {
    AnalysedStudy first = study.build();
    return reports.store(first.studyInstanceUid(), "composed:" + Instant.now(), supersedes -> {
      AnalysedStudy s = supersedes.filter(old -> !old.equals(first.reportIdentifier()))
          .map(old -> study.supersedes(old).build()).orElse(first);
      ReportResources resources = ReportComposer.compose(s);
      String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(resources.transaction());
      return new ComposedReport(resources.reportIdentifier(), s.model().version(), resources, json, List.of());
    });
  }
}
