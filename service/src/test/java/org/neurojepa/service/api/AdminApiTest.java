package org.neurojepa.service.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.service.NeuroJepaApplication;
import org.neurojepa.service.audit.AuditEvents;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.JobFilter;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.report.Reports;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.PrometheusText;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.service.testing.TestScu;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The admin API, metrics and audit export against the running service, with one study sent by
 * dcmtk's storescu (a localizer and a T1w) through the tiny model, and a FHIR server on loopback
 * that first refuses the report with an OperationOutcome and then takes it. The study shows with
 * its classification reasons, QC numbers and downloadable artefacts (and nothing outside them);
 * the dead delivery is listed with the server's text and re-sent by an admin; jobs filter and
 * page; Prometheus counts what happened; the audit trail filters, pages and exports as valid FHIR
 * AuditEvents; and the log file never names the patient. Roles, the OpenAPI description, the
 * configuration and tampering, which need no study: {@link AdminApiAccessTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class AdminApiTest {
  private static final Duration PIPELINE_DEADLINE = Duration.ofMinutes(8);
  private static final String ADMIN_PASSWORD = "admin-api-admin-password";
  private static final String AUDITOR_PASSWORD = "admin-api-auditor-password";
  private static final String FEED_PASSWORD = "admin-api-feed-password";
  private static final String PATIENT_ID = "PID-ADMINAPI-93817";
  private static final String PATIENT_NAME = "ADMINAPISECRET^PATIENT";
  private static final String FHIR_TOKEN = "fhir-token-never-shown-4242";
  private static final String DATABASE_PASSWORD = "db-password-never-shown-7373";

  @TempDir static Path dataDir;
  @TempDir static Path scratch;
  private static FhirTransactionServer fhirServer;
  private static ConfigurableApplicationContext app;
  private static HttpCalls http;
  private static GeneratedStudy study;
  private static String localizerUid;
  private static String t1Uid;
  private static Instant beforeSend;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Await PIPELINE = Await.upTo(PIPELINE_DEADLINE).every(Duration.ofMillis(250))
      .showing(() -> "jobs: " + jobs().list(Optional.empty(), Optional.empty(), 50))
      .checking(() -> assertEquals(List.of(), jobs().list(Optional.of("dead"), Optional.empty(), 10).stream()
          .filter(j -> !j.stage().equals("deliver")).toList(), "no pipeline job may die"));

  @BeforeAll
  static void start() throws Exception {
    fhirServer = new FhirTransactionServer();
    app = new SpringApplicationBuilder(NeuroJepaApplication.class).run(ServiceSettings.pipeline(dataDir, ADMIN_PASSWORD)
        .with("server.port", 0)
        .with("neurojepa.pipeline.initial-backoff", "200ms")
        .with("neurojepa.pipeline.max-attempts", 2)
        .with("neurojepa.pipeline.poll", "100ms")
        .with("neurojepa.fhir.base-url", fhirServer.baseUrl())
        .with("neurojepa.fhir.delivery-attempts", 1)
        // secrets the log file must not show (the database password is unused with the embedded database)
        .with("neurojepa.fhir.bearer-token", FHIR_TOKEN)
        .with("neurojepa.database.password", DATABASE_PASSWORD)
        .with("logging.file.name", logFile())
        .arguments());
    http = HttpCalls.of(app);
    assertEquals(201, http.call("POST", "/api/users", admin(),
        "{\"name\":\"auditor1\",\"password\":\"" + AUDITOR_PASSWORD + "\",\"roles\":[\"AUDITOR\"]}").status());
    assertEquals(201, http.call("POST", "/api/users", admin(),
        "{\"name\":\"feed1\",\"password\":\"" + FEED_PASSWORD + "\",\"roles\":[\"FEED\"]}").status());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    // Spring Boot publishes logging.file.name as this system property; later starts in this JVM log to the console only
    System.clearProperty("LOG_FILE");
    if (fhirServer != null) {
      fhirServer.close();
    }
  }

  @Test
  @Order(1)
  void theStudyShowsWithReasonsQcNumbersAndDownloadableArtefacts() throws Exception {
    study = FixtureGenerator.write(StudySpec.builder().patientId(PATIENT_ID).patientName(PATIENT_NAME)
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .build(), scratch.resolve("study"));
    localizerUid = study.series().get(0).groundTruth().identity().seriesInstanceUid();
    t1Uid = study.series().get(1).groundTruth().identity().seriesInstanceUid();
    beforeSend = Instant.now();
    TestScu.send(app.getBean(DicomNodeLifecycle.class).port(), TestScu.files(study.series()), scratch);
    // the FHIR server refuses the report for good: its deliver job goes straight to the dead letters
    PIPELINE.until(() -> !jobs().list(filter("dead", "deliver")).isEmpty(), "the refused delivery");

    JsonNode view = JSON.readTree(http.get("/api/studies/" + study.studyInstanceUid(), auditor()).body());
    assertEquals(PATIENT_ID, view.get("patientId").asText(), "the API, unlike the log, shows the patient ID");
    JsonNode localizer = series(view, localizerUid);
    assertEquals("REJECTED", localizer.get("pipeline").get("sequenceType").asText(), localizer.toString());
    assertEquals("LOCALIZER", localizer.get("pipeline").get("rejection").asText());
    assertFalse(localizer.get("pipeline").get("explanation").asText().isBlank(), "the reason is explained");
    assertTrue(localizer.get("analysis").isNull(), "a rejected series is not preprocessed");

    JsonNode t1 = series(view, t1Uid);
    assertEquals("T1W", t1.get("pipeline").get("sequenceType").asText());
    JsonNode analysis = t1.get("analysis");
    assertTrue(analysis.get("preprocessAccepted").asBoolean(), analysis.toString());
    assertTrue(analysis.get("qcPearson").asDouble() > 0.5, analysis.toString());
    assertTrue(analysis.get("qcMutualInformation").asDouble() > 0, analysis.toString());
    assertEquals("untrained-0", analysis.get("modelVersion").asText());
    Map<String, String> links = new HashMap<>();
    analysis.get("artefacts").forEach(a -> links.put(a.get("name").asText(), a.get("href").asText()));
    for (String name : List.of("registered.nii.gz", "mask.nii.gz", "input.nii.gz", "preprocess.json",
        "embedding.safetensors")) {
      assertEquals("/api/series/" + t1Uid + "/artefacts/1/" + name, links.get(name), links.toString());
    }
    assertEquals(links.size(), JSON.readTree(http.get("/api/series/" + t1Uid + "/artefacts", auditor()).body()).size());

    // the registered image and the mask, byte for byte, to an auditor
    Path artefactDir = Path.of(app.getBean(org.neurojepa.service.pipeline.SeriesResults.class).find(t1Uid, 1)
        .orElseThrow().artefactDir());
    for (String name : List.of("registered.nii.gz", "mask.nii.gz")) {
      HttpCalls.Response file = http.get(links.get(name), auditor());
      assertEquals(200, file.status(), name);
      assertEquals("application/gzip", file.contentType());
      assertArrayEquals(Files.readAllBytes(artefactDir.resolve(name)), file.bytes(), name);
    }
    assertEquals(200, http.get(links.get("preprocess.json"), admin()).status());

    // nothing beside or outside the artefacts: names with paths, links, hidden files, other generations
    Path outside = dataDir.resolve("postgres").resolve("PG_VERSION");
    assertTrue(Files.isRegularFile(outside), "a file outside the artefacts: the embedded cluster's version");
    Files.createSymbolicLink(artefactDir.resolve("leak.nii.gz"), outside);
    Files.writeString(artefactDir.resolve(".hidden"), "scratch");
    String base = "/api/series/" + t1Uid + "/artefacts/";
    assertEquals(404, http.get(base + "1/leak.nii.gz", auditor()).status(), "a link out of the folder");
    assertEquals(404, http.get(base + "1/.hidden", auditor()).status());
    assertEquals(404, http.get(base + "2/registered.nii.gz", auditor()).status(), "no generation 2");
    assertEquals(404, http.get(base + "1/PG_VERSION", auditor()).status());
    assertEquals(404, http.get("/api/series/" + localizerUid + "/artefacts/1/registered.nii.gz", auditor()).status());
    int encodedTraversal = http.get(base + "1/..%2F..%2F..%2F..%2Fpostgres%2FPG_VERSION", auditor()).status();
    // Tomcat refuses an encoded '/' in a path itself, before the application (so that one is not audited)
    assertEquals(400, encodedTraversal, "encoded separators are refused before any controller");
    int dotted = http.get(base + "1/%2e%2e", auditor()).status();
    assertEquals(400, dotted, "an encoded '..' is refused");
    JsonNode probes = JSON.readTree(http.get("/api/audit?action=API_ACCESS&actor=auditor1", auditor()).body());
    Set<String> probed = new HashSet<>();
    probes.forEach(e -> probed.add(e.get("entry").get("outcome").asText() + " " + e.get("entry").get("detail").asText()));
    assertTrue(probed.stream().anyMatch(d -> d.startsWith("refused GET " + base + "1/%2e%2e -> 400 (rejected: ")),
        "the refused probe is audited: " + probed);
    assertFalse(http.get("/api/series/" + t1Uid + "/artefacts", auditor()).body().contains("leak"),
        "links and hidden files are not listed");
    // a folder recorded outside the artefact root (a changed row) serves nothing
    jdbc().update("INSERT INTO series_result (series_uid, generation, study_uid, preprocess_accepted, artefact_dir)"
        + " VALUES (?, 7, ?, true, ?)", t1Uid, study.studyInstanceUid(), dataDir.resolve("postgres").toString());
    assertEquals(404, http.get(base + "7/PG_VERSION", auditor()).status());
    jdbc().update("DELETE FROM series_result WHERE series_uid = ? AND generation = 7", t1Uid);
    Files.delete(artefactDir.resolve("leak.nii.gz"));
    Files.delete(artefactDir.resolve(".hidden"));

    // each download is audited with its study and series
    JsonNode downloads = JSON.readTree(http.get("/api/audit?action=ARTEFACT_DOWNLOADED", auditor()).body());
    assertEquals(3, downloads.size(), downloads.toString());
    assertEquals("auditor1", downloads.get(0).get("entry").get("actor").asText());
    assertEquals(study.studyInstanceUid(), downloads.get(0).get("entry").get("studyUid").asText());
    assertEquals(t1Uid, downloads.get(0).get("entry").get("seriesUid").asText());
  }

  @Test
  @Order(2)
  void theDeadDeliveryIsListedWithTheServersTextAndAnAdminSendsItAgain(
      org.springframework.boot.test.system.CapturedOutput log) throws Exception {
    String studyUid = study.studyInstanceUid();
    JsonNode dead = JSON.readTree(http.get("/api/jobs?stage=deliver&state=dead", auditor()).body());
    assertEquals(1, dead.size(), dead.toString());
    long jobId = dead.get(0).get("id").asLong();
    assertTrue(dead.get(0).get("lastError").asText().contains(FhirTransactionServer.REFUSAL), dead.toString());

    assertFalse(dead.get(0).get("finishedAt").isNull(), "a dead job has finished");

    JsonNode deliveries = JSON.readTree(http.get("/api/deliveries?study=" + studyUid, auditor()).body());
    assertEquals(1, deliveries.size(), deliveries.toString());
    JsonNode refused = deliveries.get(0);
    assertEquals("refused", refused.get("outcome").asText());
    assertEquals(fhirServer.baseUrl(), refused.get("target").asText());
    assertEquals(1, refused.get("httpAttempts").asInt());
    assertEquals("dead", refused.get("jobState").asText());
    assertEquals(jobId, refused.get("jobId").asLong());
    assertEquals("HTTP 422: OperationOutcome: error: " + FhirTransactionServer.REFUSAL, refused.get("detail").asText());
    Reports.StoredReport report = app.getBean(Reports.class).current(studyUid).orElseThrow();
    assertEquals(report.id(), refused.get("reportId").asLong());
    assertEquals(report.reportIdentifier(), refused.get("reportIdentifier").asText());

    // sent again while the server still refuses: dead again; the server's text may quote the
    // patient, so the log names the refusal and where to read it, never the text
    assertEquals(200, http.call("POST", "/api/jobs/" + jobId + "/retry", admin(), null).status());
    PIPELINE.until(() -> jobs().find(jobId).orElseThrow().state().equals("dead"), "the delivery refused again");
    assertTrue(log.getAll().contains("REFUSED (the server's answer is in /api/deliveries?report="), log.getAll());
    assertFalse(log.getAll().contains(FhirTransactionServer.REFUSAL), "the OperationOutcome text is not logged");

    fhirServer.accept();
    assertEquals(403, http.call("POST", "/api/jobs/" + jobId + "/retry", auditor(), null).status());
    HttpCalls.Response retried = http.call("POST", "/api/jobs/" + jobId + "/retry", admin(), null);
    assertEquals(200, retried.status(), retried.body());
    PIPELINE.until(() -> jobs().find(jobId).orElseThrow().state().equals("done"), "the delivery sent again");
    deliveries = JSON.readTree(http.get("/api/deliveries?study=" + studyUid, auditor()).body());
    assertEquals(3, deliveries.size(), deliveries.toString());
    JsonNode delivered = deliveries.get(0);
    assertEquals("delivered", delivered.get("outcome").asText(), deliveries.toString());
    assertEquals("done", delivered.get("jobState").asText());
    assertTrue(delivered.get("location").asText().startsWith("DiagnosticReport/"), delivered.toString());
    assertFalse(delivered.get("alreadyThere").asBoolean());
    assertEquals("done", deliveries.get(2).get("jobState").asText(), "the earlier runs' job is the same job, done now");
    assertEquals(2, JSON.readTree(http.get("/api/deliveries?outcome=refused", auditor()).body()).size());
    assertEquals(400, http.get("/api/deliveries?outcome=lost", auditor()).status());
    assertFalse(app.getBean(Reports.class).find(report.id()).orElseThrow().deliveredAt() == null, "the report is delivered");

    // job filters and pages
    JsonNode classify = JSON.readTree(http.get("/api/jobs?stage=classify&study=" + studyUid, auditor()).body());
    assertEquals(2, classify.size(), classify.toString());
    assertEquals(1, JSON.readTree(http.get("/api/jobs?stage=preprocess&series=" + t1Uid, auditor()).body()).size());
    HttpCalls.Response bad = http.get("/api/jobs?state=lost", auditor());
    assertEquals(400, bad.status());
    assertTrue(bad.body().contains("queued, running, done, dead"), bad.body());
    List<Long> paged = new ArrayList<>();
    String next = "/api/jobs?study=" + studyUid + "&limit=2";
    while (next != null) {
      HttpCalls.Response page = http.get(next, auditor());
      JSON.readTree(page.body()).forEach(j -> paged.add(j.get("id").asLong()));
      next = page.next();
    }
    List<Long> all = new ArrayList<>();
    JSON.readTree(http.get("/api/jobs?study=" + studyUid, auditor()).body()).forEach(j -> all.add(j.get("id").asLong()));
    assertTrue(all.size() > 2, all.toString());
    assertEquals(all, paged, "pages of 2 add up to the whole list, newest first");
  }

  @Test
  @Order(3)
  void prometheusCountsWhatHappenedAndHealthNeedsNoCredentials() throws Exception {
    HttpCalls.Response health = http.get("/actuator/health", null);
    assertEquals(200, health.status());
    assertEquals("{\"status\":\"UP\"}", health.body().replaceAll("\\s", ""), "UP, without details");
    assertEquals(401, http.get("/actuator/prometheus", null).status());
    assertEquals(403, http.get("/actuator/prometheus", feed()).status());
    assertEquals(404, http.get("/actuator/env", admin()).status(), "no other actuator endpoint");
    assertEquals(403, http.get("/actuator", admin()).status(), "nor the list of them");

    int instances = study.series().stream().mapToInt(s -> s.files().size()).sum();
    PrometheusText samples = PrometheusText.parse(http.get("/actuator/prometheus", auditor()).body());
    assertEquals(1, samples.value("neurojepa_dicom_associations_total", "outcome", "accepted"));
    assertEquals(0, samples.value("neurojepa_dicom_associations_total", "outcome", "refused"));
    assertEquals(instances, samples.value("neurojepa_dicom_instances_received_total", "outcome", "stored"));
    assertEquals(0, samples.value("neurojepa_dicom_instances_received_total", "outcome", "refused"));
    assertEquals(2, samples.value("neurojepa_series_completed_total", "reopened", "false"));
    assertEquals(0, samples.value("neurojepa_series_completed_total", "reopened", "true"));
    assertEquals(1, samples.value("neurojepa_reports_stored_total", "kind", "created"));
    assertEquals(0, samples.value("neurojepa_reports_stored_total", "kind", "replaced"));
    assertEquals(2, samples.value("neurojepa_fhir_deliveries_total", "outcome", "failed"), "refused twice");
    assertEquals(1, samples.value("neurojepa_fhir_deliveries_total", "outcome", "succeeded"));
    assertEquals(0, samples.value("neurojepa_fhir_notifications_total", "outcome", "sent"));

    // stage latencies: one timed run per job that ran, by how it ended
    assertEquals(2, samples.value("neurojepa_job_duration_seconds_count", "stage", "classify", "outcome", "done"));
    assertEquals(1, samples.value("neurojepa_job_duration_seconds_count", "stage", "preprocess", "outcome", "done"));
    assertEquals(1, samples.value("neurojepa_job_duration_seconds_count", "stage", "embed", "outcome", "done"));
    assertEquals(2, samples.value("neurojepa_job_duration_seconds_count", "stage", "deliver", "outcome", "dead"));
    assertEquals(1, samples.value("neurojepa_job_duration_seconds_count", "stage", "deliver", "outcome", "done"));
    assertEquals(0, samples.value("neurojepa_job_duration_seconds_count", "stage", "embed", "outcome", "retry"));
    double reportRuns = samples.value("neurojepa_job_duration_seconds_count", "stage", "report", "outcome", "done");
    assertTrue(reportRuns >= 1, "the report job ran (again when a series settled while it ran): " + reportRuns);
    double preprocessSeconds = samples.value("neurojepa_job_duration_seconds_sum", "stage", "preprocess",
        "outcome", "done");
    assertTrue(preprocessSeconds > 0.1 && preprocessSeconds < PIPELINE_DEADLINE.toSeconds(),
        "preprocessing a 2 mm T1w takes a measurable time: " + preprocessSeconds);
    assertTrue(samples.value("neurojepa_job_duration_seconds_bucket", "stage", "classify", "outcome", "done",
        "le", "+Inf") == 2, "buckets for the service levels");

    // the queue: what the job table holds, per stage and state
    Map<String, Map<String, Long>> counts = jobs().counts();
    for (String stage : List.of("classify", "preprocess", "embed", "report", "deliver", "notify")) {
      for (String state : JobFilter.STATES) {
        assertEquals(counts.getOrDefault(stage, Map.of()).getOrDefault(state, 0L).doubleValue(),
            samples.value("neurojepa_jobs", "stage", stage, "state", state), stage + " " + state);
      }
    }
    assertEquals(2, samples.value("neurojepa_jobs", "stage", "classify", "state", "done"));
    assertEquals(1, samples.value("neurojepa_jobs", "stage", "deliver", "state", "done"));
  }

  @Test
  @Order(4)
  void theAuditTrailFiltersPagesAndExportsValidAuditEvents() throws Exception {
    String studyUid = study.studyInstanceUid();
    int instances = study.series().stream().mapToInt(s -> s.files().size()).sum();
    assertEquals(2, JSON.readTree(http.get("/api/audit?action=SERIES_CLASSIFIED&study=" + studyUid, auditor())
        .body()).size());
    assertEquals(instances, JSON.readTree(http.get("/api/audit?action=INSTANCE_STORED&callingAe=TESTSCU&from="
        + beforeSend, auditor()).body()).size());
    assertEquals(0, JSON.readTree(http.get("/api/audit?action=INSTANCE_STORED&to=" + beforeSend, auditor())
        .body()).size(), "nothing was stored before the send");
    JsonNode association = JSON.readTree(http.get("/api/audit?callingAe=TESTSCU&action=ASSOCIATION_ACCEPTED",
        auditor()).body());
    assertEquals(1, association.size());
    assertEquals("dicom:TESTSCU", association.get(0).get("entry").get("actor").asText());
    JsonNode requeued = JSON.readTree(http.get("/api/audit?actor=admin&action=JOB_REQUEUED", auditor()).body());
    assertEquals(2, requeued.size(), "sent again while refused, then when accepted: " + requeued);
    JsonNode mine = JSON.readTree(http.get("/api/audit?actor=auditor1", auditor()).body());
    assertTrue(mine.size() > 10, mine.toString());
    mine.forEach(e -> assertEquals("auditor1", e.get("entry").get("actor").asText()));

    HttpCalls.Response badLimit = http.get("/api/audit?limit=0", auditor());
    assertEquals(400, badLimit.status());
    assertTrue(badLimit.body().contains("limit must be 1..10000"), badLimit.body());
    HttpCalls.Response badAction = http.get("/api/audit?action=NOT_AN_ACTION", auditor());
    assertEquals(400, badAction.status());
    assertTrue(badAction.body().contains("'action'") && badAction.body().contains("INSTANCE_STORED"), badAction.body());
    assertEquals(400, http.get("/api/audit?from=yesterday", auditor()).status());

    // pages of 7 follow each other by their Link headers and add up to the whole
    JsonNode whole = JSON.readTree(http.get("/api/audit?study=" + studyUid, auditor()).body());
    assertTrue(whole.size() > instances + 5, "the study's trail: " + whole.size());
    List<Long> paged = new ArrayList<>();
    String next = "/api/audit?study=" + studyUid + "&limit=7";
    int pages = 0;
    while (next != null) {
      HttpCalls.Response page = http.get(next, auditor());
      assertEquals(200, page.status(), next);
      JSON.readTree(page.body()).forEach(e -> paged.add(e.get("id").asLong()));
      next = page.next();
      pages++;
    }
    List<Long> ids = new ArrayList<>();
    whole.forEach(e -> ids.add(e.get("id").asLong()));
    assertEquals(ids, paged);
    assertEquals((whole.size() + 6) / 7 + (whole.size() % 7 == 0 ? 1 : 0), pages);

    // the same as FHIR AuditEvents, valid against R4 by the service's own validator
    HttpCalls.Response export = http.get("/api/audit/export?study=" + studyUid, auditor());
    assertEquals(200, export.status(), export.body());
    assertTrue(export.contentType().startsWith("application/fhir+json"), export.contentType());
    ReportValidator validator = app.getBean(ReportValidator.class);
    Bundle bundle = validator.context().newJsonParser().parseResource(Bundle.class, export.body());
    assertEquals(List.of(), validator.errors(bundle));
    assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
    assertEquals(whole.size(), bundle.getEntry().size());
    List<AuditEvent> events = bundle.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
    AuditEvent stored = events.stream().filter(e -> e.getSubtypeFirstRep().getCode().equals("INSTANCE_STORED"))
        .findFirst().orElseThrow();
    assertEquals(AuditEvents.ACTION_SYSTEM, stored.getSubtypeFirstRep().getSystem());
    assertEquals("110104", stored.getType().getCode());
    assertEquals(AuditEvent.AuditEventAction.C, stored.getAction());
    assertEquals("TESTSCU", stored.getAgentFirstRep().getAltId());
    assertEquals("urn:oid:" + studyUid, stored.getEntityFirstRep().getWhat().getIdentifier().getValue());
    assertEquals("NEUROJEPA", stored.getSource().getSite());
    AuditEvent refusedDelivery = events.stream()
        .filter(e -> e.getSubtypeFirstRep().getCode().equals("DELIVERY_FAILED")).findFirst().orElseThrow();
    assertEquals(AuditEvent.AuditEventOutcome._8, refusedDelivery.getOutcome());
    assertTrue(refusedDelivery.getOutcomeDesc().contains(FhirTransactionServer.REFUSAL));
    assertTrue(events.stream().anyMatch(e -> e.getSubtypeFirstRep().getCode().equals("ARTEFACT_DOWNLOADED")));
    assertFalse(export.body().contains(PATIENT_ID) || export.body().contains("ADMINAPISECRET"),
        "the audit trail carries UIDs, never the patient");
    HttpCalls.Response exportPage = http.get("/api/audit/export?study=" + studyUid + "&limit=3", auditor());
    assertEquals(3, validator.context().newJsonParser().parseResource(Bundle.class, exportPage.body()).getEntry().size());
    assertTrue(exportPage.next().contains("after="), exportPage.link());
  }

  @Test
  @Order(5)
  void theLogFileNeverNamesThePatient() throws Exception {
    String logged = Files.readString(logFile());
    assertTrue(logged.contains(t1Uid), "the log names the series by UID");
    assertTrue(logged.contains("job "), "the pipeline's work is logged");
    for (String secret : List.of(PATIENT_ID, PATIENT_NAME, "ADMINAPISECRET", FHIR_TOKEN, DATABASE_PASSWORD,
        AUDITOR_PASSWORD)) {
      assertFalse(logged.contains(secret), "the log file must not contain " + secret);
    }
  }

  private static JobFilter filter(String state, String stage) {
    return new JobFilter(Optional.of(state), Optional.of(stage), Optional.empty(), Optional.empty(), Optional.empty(),
        100);
  }

  private static JsonNode series(JsonNode study, String seriesUid) {
    for (JsonNode s : study.get("series")) {
      if (s.get("seriesInstanceUid").asText().equals(seriesUid)) {
        return s;
      }
    }
    throw new AssertionError("series " + seriesUid + " not in " + study);
  }

  private static JobQueue jobs() {
    return app.getBean(JobQueue.class);
  }

  private static JdbcTemplate jdbc() {
    return app.getBean(JdbcTemplate.class);
  }

  private static Path logFile() {
    return dataDir.resolve("logs").resolve("neurojepa.log");
  }

  private static String admin() {
    return HttpCalls.basic("admin", ADMIN_PASSWORD);
  }

  private static String auditor() {
    return HttpCalls.basic("auditor1", AUDITOR_PASSWORD);
  }

  private static String feed() {
    return HttpCalls.basic("feed1", FEED_PASSWORD);
  }
}
