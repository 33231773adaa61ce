package org.neurojepa.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.persistence.EmbeddedPostgresServer;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.junit.ExternalProcess;
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

  private record Replica(String id, ExternalProcess process, int httpPort, int dicomPort) {}

  private Replica start(String id, String jdbcUrl, String quietPeriod, String... more) throws Exception {
    int httpPort = FreePorts.loopback();
    int dicomPort = FreePorts.loopback();
    Path dataDir = Files.createDirectories(scratch.resolve(id));
    Path tmp = Files.createDirectories(scratch.resolve(id + "-tmp"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Djava.io.tmpdir=" + tmp,
        "-cp", System.getProperty("java.class.path"), "org.neurojepa.cli.NeuroJepaCommand", "serve",
        "--data-dir", dataDir.toString(), "--dicom-port", Integer.toString(dicomPort),
        "--http-port", Integer.toString(httpPort),
        "--neurojepa.database.url=" + jdbcUrl, "--neurojepa.database.username=postgres",
        "--neurojepa.pipeline.node-id=" + id,
        "--neurojepa.model.variant=tiny", "--neurojepa.dicom.quiet-period=" + quietPeriod,
        "--neurojepa.dicom.free-disk-watermark-bytes=0", "--neurojepa.pipeline.poll=100ms",
        "--neurojepa.pipeline.initial-backoff=200ms"));
    command.addAll(List.of(more));
    ExternalProcess p = ExternalProcess.start(id, command, scratch,
        Map.of("NEUROJEPA_ADMIN_PASSWORD", PASSWORD, "TCP_NODELAY", "1"));
    return new Replica(id, p, httpPort, dicomPort);
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
      Replica a = start("replica-a", db.jdbcUrl(), "1s");
      Replica b = start("replica-b", db.jdbcUrl(), "40s");
      try (ExternalProcess pa = a.process(); ExternalProcess pb = b.process()) {
        pa.awaitPort(a.httpPort(), Duration.ofMinutes(4)).awaitPort(a.dicomPort(), Duration.ofSeconds(30));
        pb.awaitPort(b.httpPort(), Duration.ofMinutes(4)).awaitPort(b.dicomPort(), Duration.ofSeconds(30));

        List<Path> toB = new ArrayList<>(flair.files());
        toB.addAll(localizer.files());
        toB.addAll(split.files().subList(1, split.files().size()));
        send(b, toB);
        List<Path> toA = new ArrayList<>(t1.files());
        toA.add(split.files().get(0));
        send(a, toA);

        String t1Uid = t1.groundTruth().identity().seriesInstanceUid();
        String flairUid = flair.groundTruth().identity().seriesInstanceUid();
        String localizerUid = localizer.groundTruth().identity().seriesInstanceUid();
        await(() -> jobs(a, studyUid).stream().anyMatch(j -> j.path("stage").asText().equals("embed")
            && j.path("seriesUid").asText().equals(t1Uid) && j.path("state").asText().equals("done")),
            "the T1w embedded on replica A", pa);
        // B is still receiving (its quiet period runs): no report may come, though A's series has settled
        Thread.sleep(3000);
        assertTrue(get(a, "/api/studies/" + studyUid + "/report").isEmpty(),
            "a report before replica B completed its series");
        assertTrue(jobs(a, studyUid).stream().noneMatch(j -> j.path("seriesUid").asText().equals(flairUid)),
            "the FLAIR completed before the T1w was embedded: the test proves nothing; lengthen B's quiet period");

        await(() -> get(a, "/api/studies/" + studyUid + "/report").isPresent(), "the report", pb);
        String report = get(b, "/api/studies/" + studyUid + "/report").orElseThrow();
        for (String uid : List.of(t1Uid, flairUid, localizerUid)) {
          assertTrue(report.contains(uid), "the report covers series " + uid);
        }

        // every series stage ran where the series' files are; the report on either replica
        List<JsonNode> jobs = jobs(a, studyUid);
        for (JsonNode j : jobs) {
          String stage = j.path("stage").asText();
          if (List.of("classify", "preprocess", "embed").contains(stage)) {
            String expected = j.path("seriesUid").asText().equals(t1Uid) ? a.id() : b.id();
            assertEquals(expected, j.path("nodeId").asText(), j.toString());
            long pid = (expected.equals(a.id()) ? pa : pb).pid();
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
        for (Replica r : List.of(a, b)) {
          JsonNode view = new ObjectMapper().readTree(get(r, "/api/studies/" + studyUid).orElseThrow());
          assertEquals(3, view.path("series").size(), r.id() + ": " + view);
          for (JsonNode s : view.path("series")) {
            String holder = s.path("seriesInstanceUid").asText().equals(t1Uid) ? a.id() : b.id();
            assertEquals(holder, s.path("pipeline").path("nodeId").asText(), r.id() + ": " + s);
            assertEquals(!holder.equals(r.id()), s.path("bytes").isNull(), r.id() + ": " + s);
          }
        }

        // the split localizer: A completed its one image first and keeps the series; B refuses its part
        String splitUid = split.groundTruth().identity().seriesInstanceUid();
        await(() -> audit(a, splitUid).stream().anyMatch(e -> e.path("entry").path("outcome").asText().equals("refused")
            && e.path("entry").path("detail").asText().contains("split between replicas")),
            "B's refusal of the split series", pb);
        JsonNode splitSeries = new ObjectMapper().readTree(get(a, "/api/studies/" + other.studyInstanceUid())
            .orElseThrow()).path("series").get(0);
        assertEquals(a.id(), splitSeries.path("pipeline").path("nodeId").asText(), splitSeries.toString());
        assertEquals(1, splitSeries.path("pipeline").path("instanceCount").asInt(), splitSeries.toString());

        JsonNode replicas = new ObjectMapper().readTree(get(b, "/api/replicas").orElseThrow());
        assertEquals(b.id(), replicas.path("self").asText());
        assertEquals(2, replicas.path("replicas").size(), replicas.toString());
        for (JsonNode r : replicas.path("replicas")) {
          assertTrue(r.path("alive").asBoolean(), replicas.toString());
        }

        Thread.sleep(3000); // a report job taken by both replicas would show a second report now
        JsonNode reports = new ObjectMapper().readTree(get(a, "/api/studies/" + studyUid + "/reports").orElseThrow());
        assertEquals(1, reports.size(), reports.toString());
        JsonNode verify = new ObjectMapper().readTree(get(b, "/api/audit/verify").orElseThrow());
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
      Replica a = start("replica-a", db.jdbcUrl(), "1s", "--neurojepa.model.seed=1",
          "--neurojepa.pipeline.max-attempts=3");
      Replica b = start("replica-b", db.jdbcUrl(), "1s", "--neurojepa.model.seed=2",
          "--neurojepa.pipeline.max-attempts=3");
      try (ExternalProcess pa = a.process(); ExternalProcess pb = b.process()) {
        pa.awaitPort(a.httpPort(), Duration.ofMinutes(4)).awaitPort(a.dicomPort(), Duration.ofSeconds(30));
        pb.awaitPort(b.httpPort(), Duration.ofMinutes(4)).awaitPort(b.dicomPort(), Duration.ofSeconds(30));
        send(a, study.series().get(0).files());
        send(b, study.series().get(1).files());
        String studyUid = study.studyInstanceUid();
        await(() -> jobs(a, studyUid).stream().anyMatch(j -> j.path("stage").asText().equals("report")
            && j.path("state").asText().equals("dead")), "the report job dead-lettered", pa);
        JsonNode dead = jobs(a, studyUid).stream().filter(j -> j.path("stage").asText().equals("report")).findFirst()
            .orElseThrow();
        assertTrue(dead.path("lastError").asText().contains("until the replicas serve the same one"), dead.toString());
        assertTrue(get(a, "/api/studies/" + studyUid + "/report").isEmpty(), "no report of mixed model versions");
        long embeds = jobs(a, studyUid).stream().filter(j -> j.path("stage").asText().equals("embed")).count();
        assertEquals(2, embeds, "one embed job per series, not a ping-pong of re-embeddings");
      }
    }
  }

  private void send(Replica r, List<Path> files) {
    List<String> command = new ArrayList<>(List.of("storescu", "-aet", "TESTSCU", "-aec", "NEUROJEPA", "127.0.0.1",
        Integer.toString(r.dicomPort())));
    files.forEach(f -> command.add(f.toString()));
    ExternalProcess storescu = ExternalProcess.start("storescu-" + r.id(), command, scratch, Map.of("TCP_NODELAY", "1"));
    assertEquals(0, storescu.waitFor(Duration.ofSeconds(120)), storescu.output());
  }

  private List<JsonNode> jobs(Replica r, String studyUid) {
    return array(r, "/api/jobs?limit=1000", j -> j.path("studyUid").asText().equals(studyUid));
  }

  private List<JsonNode> audit(Replica r, String seriesUid) {
    return array(r, "/api/audit?limit=1000&action=SERIES_COMPLETED",
        e -> e.path("entry").path("seriesUid").asText().equals(seriesUid));
  }

  private List<JsonNode> array(Replica r, String path, java.util.function.Predicate<JsonNode> keep) {
    try {
      JsonNode all = new ObjectMapper().readTree(get(r, path).orElseThrow());
      List<JsonNode> out = new ArrayList<>();
      all.forEach(j -> {
        if (keep.test(j)) {
          out.add(j);
        }
      });
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<String> get(Replica r, String path) {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + r.httpPort() + path).toURL()
          .openConnection();
      http.setRequestProperty("Connection", "close");
      http.setRequestProperty("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
      try {
        int status = http.getResponseCode();
        if (status == 404) {
          return Optional.empty();
        }
        assertEquals(200, status, path);
        try (InputStream in = http.getInputStream()) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } finally {
        http.disconnect();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(BooleanSupplier condition, String what, ExternalProcess service)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen:\n" + service.output());
      }
      Thread.sleep(200);
    }
  }
}
