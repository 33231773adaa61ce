package org.neurojepa.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.service.testing.TestScu;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.SliceOrientation;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running service end to end: dcmtk's storescu sends a generated study (a T1w and a
 * localizer); /api/studies shows both series classified, the localizer with its rejection reason;
 * the audit trail has every step and detects tampering; jobs are leased once, retried and
 * dead-lettered in the real PostgreSQL. The API is called as the configured admin, and no log line
 * carries the patient's name or ID.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class ReceiveStudyTest {
  private static final String ADMIN_PASSWORD = "receive-study-admin-password";
  private static final String PATIENT_ID = "PID-SECRET-4711";
  private static final String PATIENT_NAME = "SECRET^PATIENT";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ServiceSettings.node(dataDir)
        .with("neurojepa.dicom.quiet-period", "1s")
        .with("neurojepa.pipeline.initial-backoff", "200ms")
        .with("neurojepa.pipeline.max-attempts", 3)
        .with("neurojepa.pipeline.poll", "100ms")
        .adminPassword(ADMIN_PASSWORD)
        .register(registry);
  }

  @LocalServerPort int httpPort;
  @Autowired DicomNodeLifecycle node;
  @Autowired AuditTrail audit;
  @Autowired JdbcTemplate jdbc;
  @Autowired JobQueue queue;
  @Autowired JobQueue jobs;

  @Test
  @Order(1)
  void storescuStudyIsReceivedAuditedAndClassified(@TempDir Path scratch, CapturedOutput log) throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .patientId(PATIENT_ID).patientName(PATIENT_NAME)
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).orientation(SliceOrientation.AXIAL).voxelSize(4, 4, 4).build())
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).build())
        .build(), scratch.resolve("study"));
    TestScu.send(node.port(), TestScu.files(study.series()), scratch, Duration.ofSeconds(60));
    GeneratedSeries t1 = study.series().get(0);
    GeneratedSeries localizer = study.series().get(1);

    // after the quiet period both series are classified, the localizer with its reason
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode view;
    do {
      Thread.sleep(250);
      view = new ObjectMapper().readTree(get("/api/studies/" + study.studyInstanceUid()));
    } while (!allClassified(view) && System.nanoTime() < deadline);
    assertTrue(allClassified(view), view.toString());
    assertEquals(t1.files().size() + localizer.files().size(), view.get("instanceCount").asInt());
    JsonNode t1View = seriesView(view, t1.groundTruth().identity().seriesInstanceUid());
    assertEquals(t1.files().size(), t1View.get("instanceCount").asInt());
    assertEquals("T1W", t1View.get("pipeline").get("sequenceType").asText(), t1View.toString());
    JsonNode locView = seriesView(view, localizer.groundTruth().identity().seriesInstanceUid());
    assertEquals("REJECTED", locView.get("pipeline").get("sequenceType").asText(), locView.toString());
    assertEquals("LOCALIZER", locView.get("pipeline").get("rejection").asText(), locView.toString());

    JsonNode list = new ObjectMapper().readTree(get("/api/studies"));
    assertEquals(1, list.size(), list.toString());

    // the audit trail saw the association, every instance, each completion and classification
    audit.flush();
    String studyUid = study.studyInstanceUid();
    assertEquals(2, audit.find(query(AuditAction.SERIES_COMPLETED)).size(), "two series completions");
    assertEquals(2, audit.find(query(AuditAction.SERIES_CLASSIFIED)).size(), "two classifications");
    assertEquals(t1.files().size() + localizer.files().size(), audit.find(query(AuditAction.INSTANCE_STORED)).stream()
        .filter(e -> studyUid.equals(e.entry().studyUid()) && e.entry().outcome().equals("success")).count());
    assertTrue(audit.find(query(AuditAction.ASSOCIATION_ACCEPTED)).stream()
        .anyMatch(e -> "TESTSCU".equals(e.entry().callingAe())));
    assertTrue(jobs.list(Optional.of("done"), Optional.empty(), 100).size() >= 2);

    // the API shows the patient ID to an authenticated caller, but no log line carries it
    assertEquals(PATIENT_ID, view.get("patientId").asText());
    String output = log.getAll();
    assertTrue(output.contains(t1.groundTruth().identity().seriesInstanceUid()), "the log names series by UID");
    for (String secret : List.of(PATIENT_ID, PATIENT_NAME, "SECRET")) {
      assertFalse(output.contains(secret), "the log must not contain " + secret);
    }
  }

  @Test
  @Order(3)
  void jobsAreLeasedOnceRetriedWithBackoffAndDeadLettered() throws Exception {
    int n = 40;
    for (int i = 0; i < n; i++) {
      assertTrue(queue.enqueue("test-lease", "1.2.3", "1.2.3." + i, 1));
    }
    assertFalse(queue.enqueue("test-lease", "1.2.3", "1.2.3.0", 1), "the same job is queued once");
    Set<Long> leased = ConcurrentHashMap.newKeySet();
    List<Long> duplicates = new CopyOnWriteArrayList<>();
    Thread[] workers = new Thread[4];
    for (int w = 0; w < workers.length; w++) {
      String name = "w" + w;
      workers[w] = new Thread(() -> {
        Optional<Job> job;
        while ((job = queue.lease(name, List.of("test-lease"))).isPresent()) {
          if (!leased.add(job.get().id())) {
            duplicates.add(job.get().id());
          }
          queue.complete(job.get());
        }
      });
      workers[w].start();
    }
    for (Thread t : workers) {
      t.join(60_000);
    }
    assertEquals(List.of(), duplicates, "no job leased twice");
    assertEquals(n, leased.size());

    // inputs that change while a job runs make it run once more after it completes
    assertTrue(queue.enqueue("test-rerun", "1.2.3", "1.2.3.77", 1));
    Job running = queue.lease("w", List.of("test-rerun")).orElseThrow();
    assertTrue(queue.rerun("test-rerun", "1.2.3.77", 1));
    queue.complete(running);
    Job rerun = queue.lease("w", List.of("test-rerun")).orElseThrow(() -> new AssertionError("not queued again"));
    assertEquals(running.id(), rerun.id());
    queue.complete(rerun);
    assertEquals("done", queue.find(running.id()).orElseThrow().state());

    // a failing job comes back after its back-off, then goes to the dead letters with its error
    assertTrue(queue.enqueue("test-fail", "1.2.3", "1.2.3.99", 1));
    Job first = queue.lease("w", List.of("test-fail")).orElseThrow();
    queue.fail(first, "first failure");
    assertTrue(queue.lease("w", List.of("test-fail")).isEmpty(), "not before its back-off");
    Job again = awaitLease("test-fail");
    assertEquals(2, again.attempts());
    queue.fail(again, "second failure");
    Job third = awaitLease("test-fail");
    queue.fail(third, "last failure");
    Job dead = queue.find(first.id()).orElseThrow();
    assertEquals("dead", dead.state());
    assertEquals("last failure", dead.lastError());

    // an admin runs it again through the API
    assertTrue(post("/api/jobs/" + first.id() + "/retry").contains("\"state\" : \"queued\""));
    assertEquals("queued", queue.find(first.id()).orElseThrow().state());
    audit.flush();
    assertTrue(audit.find(query(AuditAction.JOB_REQUEUED)).stream()
        .anyMatch(e -> e.entry().actor().equals("admin") && e.entry().detail().startsWith("job " + first.id())),
        "the requeue names the user who asked for it");
  }

  private Job awaitLease(String stage) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Job> job = queue.lease("w", List.of(stage));
      if (job.isPresent()) {
        return job.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + stage + " job became available");
  }

  private static boolean allClassified(JsonNode study) {
    if (study == null || !study.has("series") || study.get("series").size() < 2) {
      return false;
    }
    for (JsonNode s : study.get("series")) {
      if (s.get("pipeline").isNull() || s.get("pipeline").get("sequenceType").isNull()) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode seriesView(JsonNode study, String seriesUid) {
    for (JsonNode s : study.get("series")) {
      if (s.get("seriesInstanceUid").asText().equals(seriesUid)) {
        return s;
      }
    }
    throw new AssertionError("series " + seriesUid + " not in " + study);
  }

  private String get(String path) throws Exception {
    return request("GET", path);
  }

  private String post(String path) throws Exception {
    return request("POST", path);
  }

  private String request(String method, String path) throws Exception {
    HttpCalls.Response response =
        new HttpCalls(httpPort).call(method, path, HttpCalls.basic("admin", ADMIN_PASSWORD), null);
    assertEquals(200, response.status(), method + " " + path + ": " + response.body());
    return response.body();
  }

  @Test
  @Order(2)
  void refusedAssociationIsAuditedAndTheChainDetectsTampering(@TempDir Path scratch) throws Exception {
    ExternalProcess echo = ExternalProcess.start("echoscu", List.of("echoscu", "-aet", "INTRUDER", "-aec", "WRONG",
        "127.0.0.1", Integer.toString(node.port())), scratch);
    assertTrue(echo.waitFor(Duration.ofSeconds(30)) != 0, "echoscu to a wrong called AE title must fail");
    audit.flush();
    assertTrue(audit.find(query(AuditAction.ASSOCIATION_REFUSED)).stream()
        .anyMatch(e -> "INTRUDER".equals(e.entry().callingAe()) && e.entry().detail().contains("WRONG")));
    AuditTrail.Verification before = audit.verify();
    assertTrue(before.intact(), before.reason());
    assertTrue(before.entries() >= 1);

    assertThrows(DataAccessException.class, () -> jdbc.update("DELETE FROM audit_event"), "append-only");
    long victim = audit.find(query(AuditAction.ASSOCIATION_REFUSED)).get(0).id();
    jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update");
    try {
      jdbc.update("UPDATE audit_event SET detail = 'nothing happened' WHERE id = ?", victim);
    } finally {
      jdbc.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
    }
    AuditTrail.Verification after = audit.verify();
    assertFalse(after.intact());
    assertEquals(victim, after.firstBrokenId().orElseThrow(), after.reason());
  }

  private static AuditQuery query(AuditAction action) {
    return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(action), 10_000);
  }
}
