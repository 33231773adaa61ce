package org.neurojepa.service.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.report.DeliverStage;
import org.neurojepa.service.report.ReportStage;
import org.neurojepa.service.report.Reports;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.service.testing.TestScu;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pipeline after classification, end to end on the running service with the tiny model:
 * storescu sends T1w + FLAIR + localizer; preprocess, embed and report run as jobs; the FHIR
 * report appears at /api/studies/{uid}/report, validates, uses T1w and FLAIR and names the
 * localizer's rejection; every step is audited. Then: jobs run again change nothing; a series
 * with a missing slice is refused at preprocessing with its reason, as a finished job.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudyReportTest {
  private static final Duration PIPELINE_DEADLINE = Duration.ofMinutes(8);

  @TempDir static Path dataDir;
  @TempDir static Path scratch;
  private static GeneratedStudy study;
  private static final int absentFhirPort = org.neurojepa.testkit.junit.FreePorts.loopback();

  private static final String ADMIN_PASSWORD = "study-report-admin-password";
  private static final String ADMIN = HttpCalls.basic("admin", ADMIN_PASSWORD);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ServiceSettings.pipeline(dataDir, ADMIN_PASSWORD)
        .with("neurojepa.pipeline.initial-backoff", "200ms")
        .with("neurojepa.pipeline.max-attempts", 3)
        .with("neurojepa.pipeline.poll", "100ms")
        // a FHIR server that is not there: delivery is attempted, fails, and dead-letters
        .with("neurojepa.fhir.base-url", "http://127.0.0.1:" + absentFhirPort + "/fhir")
        .with("neurojepa.fhir.delivery-attempts", 1)
        .register(registry);
  }

  @LocalServerPort int httpPort;
  @Autowired DicomNodeLifecycle node;
  @Autowired AuditTrail audit;
  @Autowired JobQueue jobs;
  @Autowired JdbcTemplate jdbc;
  @Autowired Reports reports;
  @Autowired SeriesResults results;
  @Autowired PreprocessStage preprocess;
  @Autowired EmbedStage embed;
  @Autowired ReportStage report;
  private final Await await = Await.upTo(PIPELINE_DEADLINE)
      .showing(() -> "jobs: " + jobs.list(Optional.empty(), Optional.empty(), 50));

  @Test
  @Order(1)
  void aReceivedStudyEndsAsAValidStoredFhirReport() throws Exception {
    study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(3).build())
        .build(), scratch.resolve("study"));
    TestScu.send(node.port(), TestScu.files(study.series()), scratch);
    String localizer = uid(study.series().get(0));
    String t1 = uid(study.series().get(1));
    String flair = uid(study.series().get(2));

    long t0 = System.nanoTime();
    String json = awaitReport(study.studyInstanceUid());
    System.out.printf("report of 3 series (T1w, FLAIR 2 mm, tiny model) stored %.1f s after the send%n",
        (System.nanoTime() - t0) / 1e9);

    ReportValidator validator = new ReportValidator();
    Bundle bundle = validator.context().newJsonParser().parseResource(Bundle.class, json);
    assertEquals(List.of(), validator.errors(bundle));
    assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
    DiagnosticReport dr = only(bundle, DiagnosticReport.class);
    assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, dr.getStatus());
    assertTrue(json.contains("urn:oid:" + study.studyInstanceUid()), "ImagingStudy identifier");
    assertTrue(json.contains("classification: LOCALIZER"), "the localizer's rejection is reported");
    assertTrue(json.contains(t1) && json.contains(flair) && json.contains(localizer), "every series is listed");
    assertTrue(json.contains("untrained-0"), "the model version is in the report");
    // the technical observations name the sequences used: T1w and FLAIR, not the localizer
    String used = usedSequences(bundle);
    assertTrue(used.contains("T1-weighted") && used.contains("FLAIR"), used);

    // per series: QC numbers, the decision, artefacts and the model run
    JsonNode t1Results = new ObjectMapper().readTree(request("/api/series/" + t1 + "/results"));
    assertEquals(1, t1Results.size(), t1Results.toString());
    JsonNode r = t1Results.get(0);
    assertTrue(r.get("preprocessAccepted").asBoolean(), r.toString());
    assertTrue(r.get("qcPearson").asDouble() > 0.5, r.toString());
    assertEquals("untrained-0", r.get("modelVersion").asText());
    assertEquals("tiny", r.get("modelName").asText());
    Path artefacts = Path.of(r.get("artefactDir").asText());
    assertTrue(artefacts.startsWith(dataDir.resolve("artefacts")), artefacts.toString());
    for (String f : List.of("registered.nii.gz", "mask.nii.gz", "input.nii.gz", "preprocess.json",
        "embedding.safetensors")) {
      assertTrue(Files.isRegularFile(artefacts.resolve(f)), f);
    }
    assertEquals(64, results.pooled(t1, 1).orElseThrow().length, "tiny's pooled vector");
    assertEquals("[ ]", request("/api/series/" + localizer + "/results").trim(), "nothing past classification");

    // the audit trail has every step
    audit.flush();
    assertEquals(3, count(AuditAction.SERIES_CLASSIFIED, study.studyInstanceUid()));
    assertEquals(2, count(AuditAction.SERIES_PREPROCESSED, study.studyInstanceUid()));
    List<AuditEntry> runs = entries(AuditAction.MODEL_RUN, study.studyInstanceUid());
    assertEquals(2, runs.size());
    assertTrue(runs.stream().allMatch(e -> e.detail().contains("untrained-0") && e.detail().contains("weights")),
        runs.toString());
    assertEquals(1, count(AuditAction.REPORT_CREATED, study.studyInstanceUid()));
    assertEquals(0, count(AuditAction.REPORT_REPLACED, study.studyInstanceUid()));
  }

  @Test
  @Order(2)
  void runningTheStagesAgainChangesNothing() throws Exception {
    String studyUid = study.studyInstanceUid();
    Reports.StoredReport before = reports.current(studyUid).orElseThrow();
    List<Job> done = new ArrayList<>();
    for (GeneratedSeries s : study.series()) {
      done.addAll(jobs.list(Optional.of("done"), Optional.of(uid(s)), 100));
    }
    done.addAll(jobs.list(Optional.of("done"), Optional.of(studyUid), 100));
    assertEquals(2, done.stream().filter(j -> j.stage().equals(PreprocessStage.NAME)).count(), done.toString());
    assertEquals(2, done.stream().filter(j -> j.stage().equals(EmbedStage.NAME)).count(), done.toString());
    assertTrue(done.stream().anyMatch(j -> j.stage().equals(ReportStage.NAME)), done.toString());
    for (Job j : done) {
      switch (j.stage()) {
        case PreprocessStage.NAME -> preprocess.run(j);
        case EmbedStage.NAME -> embed.run(j);
        case ReportStage.NAME -> report.run(j);
        default -> { }
      }
    }
    // and the queue's way: an admin re-runs the report job
    Job reportJob = done.stream().filter(j -> j.stage().equals(ReportStage.NAME)).findFirst().orElseThrow();
    assertTrue(jobs.requeue(reportJob.id()));
    await.until(() -> jobs.find(reportJob.id()).orElseThrow().state().equals("done"), "the re-run report job");

    assertEquals(1, reports.ofStudy(studyUid).size(), "no duplicate report");
    Reports.StoredReport after = reports.current(studyUid).orElseThrow();
    assertEquals(before.id(), after.id());
    assertEquals(before.bundleJson(), after.bundleJson());
    audit.flush();
    assertEquals(2, count(AuditAction.MODEL_RUN, studyUid), "the model did not run again");
    assertEquals(1, count(AuditAction.REPORT_CREATED, studyUid));
  }

  @Test
  @Order(3)
  void aSeriesWithAMissingSliceIsRefusedAtPreprocessingNotRetried() throws Exception {
    GeneratedStudy broken = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(2, 2, 4).seriesNumber(5).build())
        .build(), scratch.resolve("broken"));
    GeneratedSeries t2 = broken.series().get(0);
    List<Path> files = new ArrayList<>(t2.files());
    files.remove(files.size() / 2); // a slice in the middle never arrives
    String seriesUid = uid(t2);
    TestScu.send(node.port(), files, scratch);
    await.until(() -> jdbc.queryForList(
        "SELECT sequence_type FROM series_state WHERE series_uid = ? AND sequence_type IS NOT NULL",
        String.class, seriesUid).size() == 1, "classification");
    String type = jdbc.queryForObject("SELECT sequence_type FROM series_state WHERE series_uid = ?", String.class, seriesUid);
    if ("REJECTED".equals(type)) {
      // the classifier saw the gap first; preprocessing must refuse it on its own as well
      jdbc.update("UPDATE series_state SET sequence_type = 'T2W', rejection = NULL, explanation = NULL WHERE series_uid = ?",
          seriesUid);
      assertTrue(jobs.enqueue(PreprocessStage.NAME, broken.studyInstanceUid(), seriesUid, 1));
    }
    await.until(() -> results.find(seriesUid, 1).isPresent(), "the preprocessing outcome");
    SeriesResults.SeriesResult r = results.find(seriesUid, 1).orElseThrow();
    assertFalse(r.preprocessAccepted());
    assertTrue(r.preprocessReason().contains("MISSING_SLICES"), r.preprocessReason());
    Job job = jobs.list(Optional.empty(), Optional.of(seriesUid), 10).stream()
        .filter(j -> j.stage().equals(PreprocessStage.NAME)).findFirst().orElseThrow();
    await.until(() -> jobs.find(job.id()).orElseThrow().state().equals("done"), "the preprocess job");
    assertEquals(1, jobs.find(job.id()).orElseThrow().attempts(), "a refusal is an outcome, not a failure to retry");
    assertTrue(jobs.list(Optional.empty(), Optional.of(seriesUid), 10).stream()
        .noneMatch(j -> j.stage().equals(EmbedStage.NAME)), "nothing to embed");
    audit.flush();
    List<AuditEntry> refused = entries(AuditAction.SERIES_PREPROCESSED, broken.studyInstanceUid());
    assertEquals(1, refused.size());
    assertEquals("refused", refused.get(0).outcome());
    assertTrue(refused.get(0).detail().contains("MISSING_SLICES"), refused.get(0).detail());
    // the study still gets its report (nothing used), and no job died on the way
    String json = awaitReport(broken.studyInstanceUid());
    assertTrue(json.contains(seriesUid), json);
  }

  @Test
  @Order(4)
  void aReopenedSeriesSupersedesTheReport() throws Exception {
    String studyUid = study.studyInstanceUid();
    Reports.StoredReport before = reports.current(studyUid).orElseThrow();
    GeneratedSeries localizer = study.series().get(0);
    // one late instance of the localizer (same study and series, a new SOP instance)
    GeneratedStudy late = FixtureGenerator.write(StudySpec.builder().studyInstanceUid(studyUid)
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).seriesInstanceUid(uid(localizer)).build())
        .build(), scratch.resolve("late"));
    TestScu.send(node.port(), List.of(late.series().get(0).files().get(0)), scratch);
    await.until(() -> reports.current(studyUid).map(r -> r.id() != before.id()).orElse(false),
        "the superseding report");
    Reports.StoredReport after = reports.current(studyUid).orElseThrow();
    assertTrue(after.generationSet().contains(uid(localizer) + "=2"), after.generationSet());
    assertEquals(after.id(), reports.find(before.id()).orElseThrow().supersededBy(), "the earlier report names its successor");
    assertEquals(2, reports.ofStudy(studyUid).size());
    assertTrue(after.bundleJson().contains(before.reportIdentifier()), "the new report says which one it replaces");
    assertEquals(after.bundleJson(), request("/api/studies/" + studyUid + "/report"));
    audit.flush();
    assertEquals(1, count(AuditAction.REPORT_REPLACED, studyUid));
    assertEquals(2, count(AuditAction.MODEL_RUN, studyUid), "unchanged series are not embedded again");
  }

  @Test
  @Order(5)
  void anUnreachableFhirServerDeadLettersTheDeliveryAfterTheJobsRetries() throws Exception {
    String studyUid = study.studyInstanceUid();
    Reports.StoredReport current = reports.current(studyUid).orElseThrow();
    await.until(() -> jobs.list(Optional.of("dead"), Optional.of(studyUid), 20).stream()
        .anyMatch(j -> j.stage().equals(DeliverStage.NAME) && j.generation() == current.id()), "the dead delivery");
    Job dead = jobs.list(Optional.of("dead"), Optional.of(studyUid), 20).stream()
        .filter(j -> j.stage().equals(DeliverStage.NAME) && j.generation() == current.id()).findFirst().orElseThrow();
    assertEquals(3, dead.attempts(), "the pipeline's retries, then the dead letters");
    assertTrue(dead.lastError().contains("EXHAUSTED"), dead.lastError());
    assertEquals(null, reports.find(current.id()).orElseThrow().deliveredAt());
    audit.flush();
    assertTrue(entries(AuditAction.DELIVERY_FAILED, studyUid).size() >= 3);
    assertEquals(0, count(AuditAction.DELIVERY_SUCCEEDED, studyUid));
  }

  @Test
  @Order(6)
  void anotherModelVersionEmbedsAgainAndSupersedesTheReport() throws Exception {
    String studyUid = study.studyInstanceUid();
    List<String> kept = List.of(uid(study.series().get(1)), uid(study.series().get(2)));
    // the series as an earlier model left them (as after a restart with other weights) …
    for (String s : kept) {
      assertEquals(1, jdbc.update("UPDATE series_result SET model_version = 'untrained-7' WHERE series_uid = ?"
          + " AND generation = 1", s));
    }
    // … and its report: the model version is part of the report's identity
    Reports.StoredReport before = reports.current(studyUid).orElseThrow();
    Job reportJob = jobs.list(Optional.of("done"), Optional.of(studyUid), 20).stream()
        .filter(j -> j.stage().equals(ReportStage.NAME)).findFirst().orElseThrow();
    assertTrue(jobs.requeue(reportJob.id()));
    await.until(() -> reports.current(studyUid).map(r -> r.modelVersion().equals("untrained-7")).orElse(false),
        "the report of the earlier model");
    Reports.StoredReport old = reports.current(studyUid).orElseThrow();
    assertEquals(old.id(), reports.find(before.id()).orElseThrow().supersededBy());

    // an admin runs the embed jobs again: the service's model (untrained-0) embeds them and re-reports
    for (String s : kept) {
      Job embedJob = jobs.list(Optional.of("done"), Optional.of(s), 20).stream()
          .filter(j -> j.stage().equals(EmbedStage.NAME)).findFirst().orElseThrow();
      assertTrue(jobs.requeue(embedJob.id()));
    }
    // both series are embedded again (the first one may re-report before the second is done)
    await.until(() -> kept.stream().allMatch(s -> results.find(s, 1).map(r -> "untrained-0".equals(r.modelVersion()))
        .orElse(false)), "both series embedded by the current model");
    await.until(() -> reports.current(studyUid).map(r -> r.modelVersion().equals("untrained-0")).orElse(false),
        "the report of the current model");
    Reports.StoredReport now = reports.current(studyUid).orElseThrow();
    assertTrue(reports.find(old.id()).orElseThrow().supersededBy() != null, "the earlier model's report is superseded");
    Reports.StoredReport replaced = reports.ofStudy(studyUid).stream()
        .filter(r -> Long.valueOf(now.id()).equals(r.supersededBy())).findFirst().orElseThrow();
    assertTrue(now.bundleJson().contains(replaced.reportIdentifier()), "names the report it replaces");
  }

  /** The study's report; no job but a delivery may die meanwhile. */
  private String awaitReport(String studyUid) throws Exception {
    return await.every(Duration.ofMillis(500)).checking(() -> {
      List<Job> dead = jobs.list(Optional.of("dead"), Optional.empty(), 10).stream()
          .filter(j -> !j.stage().equals(DeliverStage.NAME)).toList();
      assertEquals(List.of(), dead, "no job may die");
    }).untilPresent(() -> http().found("/api/studies/" + studyUid + "/report", ADMIN), "the report of " + studyUid);
  }

  private static String uid(GeneratedSeries s) {
    return s.groundTruth().identity().seriesInstanceUid();
  }

  private static String usedSequences(Bundle bundle) {
    StringBuilder s = new StringBuilder();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      if (e.getResource() instanceof org.hl7.fhir.r4.model.Observation o) {
        String text = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(o);
        if (text.toLowerCase(java.util.Locale.ROOT).contains("sequence")) {
          s.append(text).append('\n');
        }
      }
    }
    return s.toString();
  }

  private static <T> T only(Bundle bundle, Class<T> type) {
    List<T> found = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  private long count(AuditAction action, String studyUid) {
    return entries(action, studyUid).size();
  }

  private List<AuditEntry> entries(AuditAction action, String studyUid) {
    return audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(action), 10_000)).stream()
        .map(e -> e.entry()).filter(e -> studyUid.equals(e.studyUid())).toList();
  }

  private String request(String path) throws Exception {
    return http().found(path, ADMIN).orElseThrow(() -> new AssertionError(path + ": 404"));
  }

  private HttpCalls http() {
    return new HttpCalls(httpPort);
  }
}
