package org.neurojepa.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.persistence.EmbeddedPostgresServer;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.PrometheusText;
import org.neurojepa.service.testing.ServeProcess;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.junit.FreePorts;

/**
 * Two replicas of the service (two {@code neurojepa serve} processes, each with its own data
 * directory and DICOM port) on one PostgreSQL. A study's T1w arrives at replica A, its FLAIR and
 * localizer at replica B, which is still in its (long) quiet period when A has embedded the T1w:
 * A must not report the study then. Each series is classified, preprocessed and embedded on the
 * replica that holds its files; the study gets exactly one report, covering all three series, and
 * both replicas' admin APIs list every series. A second study's localizer split between the two
 * replicas is analysed by the replica that completed it first and refused, audited, by the other.
 */
class ReplicaTest {
  private static final String PASSWORD = "replica-test-admin-password";
  private static final Duration DEADLINE = Duration.ofMinutes(6);

  @TempDir Path scratch;

  /** Replica {@code id}: its own data directory and ports, the shared database, its quiet period. */
  private ServeProcess.Builder replica(String id, String jdbcUrl, String quietPeriod) {
    return ServeProcess.builder(id, scratch).adminPassword(PASSWORD)
        .setting("neurojepa.database.url", jdbcUrl).setting("neurojepa.database.username", "postgres")
        .setting("neurojepa.pipeline.node-id", id).setting("neurojepa.dicom.quiet-period", quietPeriod);
  }

  @Test
  void aStudySpreadOverTwoReplicasIsAnalysedWhereItsFilesAreAndReportedOnce() throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(3).build())
        .build(), scratch.resolve("study"));
    GeneratedSeries localizer = study.series().get(0);
    GeneratedSeries t1 = study.series().get(1);
    GeneratedSeries flair = study.series().get(2);
    String studyUid = study.studyInstanceUid();
    GeneratedStudy other = FixtureGenerator.write(StudySpec.builder().patientId("NJ-SPLIT")
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .build(), scratch.resolve("split"));
    GeneratedSeries split = other.series().get(0);
    assertTrue(split.files().size() >= 2, "a localizer of several images to split");

    try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(scratch.resolve("db"), FreePorts.loopback())) {
      // B's quiet period outlasts A's whole pipeline for the T1w, so A settles first
      try (ServeProcess a = replica("replica-a", db.jdbcUrl(), "1s").start();
          ServeProcess b = replica("replica-b", db.jdbcUrl(), "40s").start()) {
        a.awaitListening(Duration.ofMinutes(4));
        b.awaitListening(Duration.ofMinutes(4));

        List<Path> toB = new ArrayList<>(flair.files());
        toB.addAll(localizer.files());
        toB.addAll(split.files().subList(1, split.files().size()));
        b.send(toB);
        List<Path> toA = new ArrayList<>(t1.files());
        toA.add(split.files().get(0));
        a.send(toA);

        String t1Uid = t1.groundTruth().identity().seriesInstanceUid();
        String flairUid = flair.groundTruth().identity().seriesInstanceUid();
        String localizerUid = localizer.groundTruth().identity().seriesInstanceUid();
        awaitShowing(a).until(() -> a.jobs(studyUid).stream().anyMatch(j -> j.path("stage").asText().equals("embed")
            && j.path("seriesUid").asText().equals(t1Uid) && j.path("state").asText().equals("done")),
            "the T1w embedded on replica A");
        // B is still receiving (its quiet period runs): no report may come, though A's series has settled
        Thread.sleep(3000);
        assertTrue(a.get("/api/studies/" + studyUid + "/report").isEmpty(),
            "a report before replica B completed its series");
        assertTrue(a.jobs(studyUid).stream().noneMatch(j -> j.path("seriesUid").asText().equals(flairUid)),
            "the FLAIR completed before the T1w was embedded: the test proves nothing; lengthen B's quiet period");

        awaitShowing(b).until(() -> a.get("/api/studies/" + studyUid + "/report").isPresent(), "the report");
        String report = b.get("/api/studies/" + studyUid + "/report").orElseThrow();
        for (String uid : List.of(t1Uid, flairUid, localizerUid)) {
          assertTrue(report.contains(uid), "the report covers series " + uid);
        }

        // every series stage ran where the series' files are; the report on either replica
        List<JsonNode> jobs = a.jobs(studyUid);
        for (JsonNode j : jobs) {
          String stage = j.path("stage").asText();
          if (List.of("classify", "preprocess", "embed").contains(stage)) {
            String expected = j.path("seriesUid").asText().equals(t1Uid) ? a.name() : b.name();
            assertEquals(expected, j.path("nodeId").asText(), j.toString());
            long pid = (expected.equals(a.name()) ? a : b).pid();
            assertTrue(j.path("leasedBy").asText().startsWith(pid + "@"), "run by the process of " + expected + ": " + j);
          } else {
            assertTrue(j.path("nodeId").isNull(), "a " + stage + " job runs on any replica: " + j);
          }
        }
        assertTrue(jobs.stream().noneMatch(j -> j.path("state").asText().equals("dead")), jobs.toString());
        assertTrue(jobs.stream().anyMatch(j -> j.path("stage").asText().equals("embed")
            && j.path("seriesUid").asText().equals(flairUid) && j.path("state").asText().equals("done")),
            "the FLAIR was embedded (on B): " + jobs);

        // both admin APIs list the whole study, naming the replica that holds each series
        for (ServeProcess r : List.of(a, b)) {
          JsonNode view = new ObjectMapper().readTree(r.get("/api/studies/" + studyUid).orElseThrow());
          assertEquals(3, view.path("series").size(), r.name() + ": " + view);
          for (JsonNode s : view.path("series")) {
            String holder = s.path("seriesInstanceUid").asText().equals(t1Uid) ? a.name() : b.name();
            assertEquals(holder, s.path("pipeline").path("nodeId").asText(), r.name() + ": " + s);
            assertEquals(!holder.equals(r.name()), s.path("bytes").isNull(), r.name() + ": " + s);
          }
        }

        // the split localizer: A completed its one image first and keeps the series; B refuses its part
        String splitUid = split.groundTruth().identity().seriesInstanceUid();
        awaitShowing(b).until(() -> audit(a, splitUid).stream()
            .anyMatch(e -> e.path("entry").path("outcome").asText().equals("refused")
                && e.path("entry").path("detail").asText().contains("split between replicas")),
            "B's refusal of the split series");
        JsonNode splitSeries = new ObjectMapper().readTree(a.get("/api/studies/" + other.studyInstanceUid())
            .orElseThrow()).path("series").get(0);
        assertEquals(a.name(), splitSeries.path("pipeline").path("nodeId").asText(), splitSeries.toString());
        assertEquals(1, splitSeries.path("pipeline").path("instanceCount").asInt(), splitSeries.toString());

        // the studies listing pages in UID order, a Link header to the next full page
        HttpCalls http = new HttpCalls(a.httpPort());
        String admin = HttpCalls.basic("admin", PASSWORD);
        List<String> listed = new ArrayList<>();
        String next = "/api/studies?limit=1";
        int pages = 0;
        while (next != null) {
          HttpCalls.Response page = http.get(next, admin);
          assertEquals(200, page.status(), page.body());
          new ObjectMapper().readTree(page.body()).forEach(st -> listed.add(st.path("studyInstanceUid").asText()));
          next = page.next();
          pages++;
        }
        assertEquals(java.util.stream.Stream.of(studyUid, other.studyInstanceUid()).sorted().toList(), listed);
        assertEquals(3, pages, "two full pages of one, then an empty one");
        assertEquals(400, http.get("/api/studies?limit=0", admin).status());

        JsonNode replicas = new ObjectMapper().readTree(b.get("/api/replicas").orElseThrow());
        assertEquals(b.name(), replicas.path("self").asText());
        assertEquals(2, replicas.path("replicas").size(), replicas.toString());
        for (JsonNode r : replicas.path("replicas")) {
          assertTrue(r.path("alive").asBoolean(), replicas.toString());
        }
        PrometheusText metrics = PrometheusText.parse(a.get("/actuator/prometheus").orElseThrow());
        assertEquals(2, metrics.value("neurojepa_replicas", "state", "alive"));
        assertEquals(0, metrics.value("neurojepa_replicas", "state", "gone"));
        assertEquals(0, metrics.value("neurojepa_jobs_stranded"));
        // a third replica that stopped reporting, with a series job still queued for it: stranded
        try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
          sql.createStatement().execute("INSERT INTO replica (node_id, ae_title, dicom_port, started_at, seen_at)"
              + " VALUES ('replica-c', 'NEUROJEPA', 11112, now() - interval '1 hour', now() - interval '1 minute')");
          sql.createStatement().execute("INSERT INTO job (stage, study_uid, series_uid, generation, max_attempts,"
              + " node_id) VALUES ('classify', '1.2.3', '1.2.3.4', 1, 5, 'replica-c')");
        }
        Thread.sleep(1100); // past the gauges' one-second reuse
        metrics = PrometheusText.parse(a.get("/actuator/prometheus").orElseThrow());
        assertEquals(1, metrics.value("neurojepa_replicas", "state", "gone"));
        assertEquals(1, metrics.value("neurojepa_jobs_stranded"));
        List<JsonNode> cJobs = a.jobs("1.2.3");
        assertEquals(1, cJobs.size(), cJobs.toString());
        assertEquals("queued", cJobs.get(0).path("state").asText(), "no replica but C runs C's job: " + cJobs);
        assertEquals(0, cJobs.get(0).path("attempts").asInt(), "no replica but C runs C's job: " + cJobs);

        Thread.sleep(3000); // a report job taken by both replicas would show a second report now
        JsonNode reports = new ObjectMapper().readTree(a.get("/api/studies/" + studyUid + "/reports").orElseThrow());
        assertEquals(1, reports.size(), reports.toString());
        JsonNode verify = new ObjectMapper().readTree(b.get("/api/audit/verify").orElseThrow());
        assertTrue(verify.path("firstBrokenId").isNull(), verify.toString());
      }
    }
  }

  /**
   * Replicas that serve different models (here: untrained encoders of different seeds; in a site,
   * separate model registries) cannot bring a study's series to one version: the report job says so
   * and is dead-lettered instead of re-embedding the series back and forth.
   */
  @Test
  void replicasServingDifferentModelsDeadLetterTheReportWithTheReason() throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(3).build())
        .build(), scratch.resolve("study"));
    try (EmbeddedPostgresServer db = EmbeddedPostgresServer.start(scratch.resolve("db"), FreePorts.loopback())) {
      try (ServeProcess a = replica("replica-a", db.jdbcUrl(), "1s").setting("neurojepa.model.seed", 1)
              .setting("neurojepa.pipeline.max-attempts", 3).start();
          ServeProcess b = replica("replica-b", db.jdbcUrl(), "1s").setting("neurojepa.model.seed", 2)
              .setting("neurojepa.pipeline.max-attempts", 3).start()) {
        a.awaitListening(Duration.ofMinutes(4));
        b.awaitListening(Duration.ofMinutes(4));
        a.send(study.series().get(0).files());
        b.send(study.series().get(1).files());
        String studyUid = study.studyInstanceUid();
        awaitShowing(a).until(() -> a.jobs(studyUid).stream().anyMatch(j -> j.path("stage").asText().equals("report")
            && j.path("state").asText().equals("dead")), "the report job dead-lettered");
        JsonNode dead = a.jobs(studyUid).stream().filter(j -> j.path("stage").asText().equals("report")).findFirst()
            .orElseThrow();
        assertTrue(dead.path("lastError").asText().contains("until the replicas serve the same one"), dead.toString());
        assertTrue(a.get("/api/studies/" + studyUid + "/report").isEmpty(), "no report of mixed model versions");
        // retried with back-off before it died (a promotion one replica has not seen yet passes so), not buried
        assertEquals(3, dead.path("attempts").asInt(), dead.toString());
      }
    }
  }

  private static Await awaitShowing(ServeProcess replica) {
    return Await.upTo(DEADLINE).showing(replica::output);
  }

  private static List<JsonNode> audit(ServeProcess r, String seriesUid) throws IOException {
    return r.array("/api/audit?limit=1000&action=SERIES_COMPLETED").stream()
        .filter(e -> e.path("entry").path("seriesUid").asText().equals(seriesUid)).toList();
  }
}
