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
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;

/**
 * A crash in the middle of the pipeline and a restart finish the study exactly once: the service
 * runs as its own process (neurojepa serve), is killed with SIGKILL while a study's jobs run (its
 * embedded PostgreSQL is left running, as after a real crash of the JVM alone), and is started
 * again on the same data directory. The second start takes over the orphaned database, the leased
 * jobs are taken again when their lease runs out, and the study gets one report; the audit chain
 * still verifies.
 */
class ServiceRestartTest {
  private static final String PASSWORD = "restart-test-admin-password";
  private static final Duration DEADLINE = Duration.ofMinutes(6);

  @TempDir Path dataDir;
  @TempDir Path scratch;
  private final int httpPort = FreePorts.loopback();
  private final int dicomPort = FreePorts.loopback();

  private ExternalProcess start(String name) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Djava.io.tmpdir=" + scratch.resolve("tmp"),
        "-cp", System.getProperty("java.class.path"), "org.neurojepa.cli.NeuroJepaCommand", "serve",
        "--data-dir", dataDir.toString(), "--dicom-port", Integer.toString(dicomPort),
        "--http-port", Integer.toString(httpPort),
        "--neurojepa.model.variant=tiny", "--neurojepa.dicom.quiet-period=1s",
        "--neurojepa.dicom.free-disk-watermark-bytes=0", "--neurojepa.pipeline.lease=5s",
        "--neurojepa.pipeline.poll=100ms", "--neurojepa.pipeline.initial-backoff=200ms"));
    ExternalProcess p = ExternalProcess.start(name, command, scratch,
        Map.of("NEUROJEPA_ADMIN_PASSWORD", PASSWORD, "TCP_NODELAY", "1"));
    return p.awaitPort(httpPort, Duration.ofMinutes(3)).awaitPort(dicomPort, Duration.ofSeconds(30));
  }

  @Test
  void aServiceKilledMidPipelineFinishesTheStudyOnceAfterARestart() throws Exception {
    Files.createDirectories(scratch.resolve("tmp"));
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(3).build())
        .build(), scratch.resolve("study"));
    String studyUid = study.studyInstanceUid();
    List<ProcessHandle> orphans = new ArrayList<>();
    try (ExternalProcess first = start("service-1")) {
      List<String> command = new ArrayList<>(List.of("storescu", "-aet", "TESTSCU", "-aec", "NEUROJEPA", "127.0.0.1",
          Integer.toString(dicomPort)));
      study.series().forEach(s -> s.files().forEach(f -> command.add(f.toString())));
      ExternalProcess storescu = ExternalProcess.start("storescu", command, scratch, Map.of("TCP_NODELAY", "1"));
      assertEquals(0, storescu.waitFor(Duration.ofSeconds(120)), storescu.output());

      // mid-pipeline: a preprocess or embed job of this study is running
      await(() -> jobs(studyUid).stream().anyMatch(j -> j.path("state").asText().equals("running")
          && List.of("preprocess", "embed").contains(j.path("stage").asText())), "a running job", first);
      // its postmaster, by the PID in the cluster's postmaster.pid (pg_ctl detaches it from the JVM)
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
      ProcessHandle.of(postmaster).ifPresent(orphans::add);
      ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly); // the JVM alone, as a JVM crash
      first.waitFor(Duration.ofSeconds(30));
      assertTrue(orphans.stream().anyMatch(ProcessHandle::isAlive), "the embedded PostgreSQL outlives the JVM");
    }
    try (ExternalProcess second = start("service-2")) {
      await(() -> get("/api/studies/" + studyUid + "/report").isPresent(), "the report after the restart", second);
      assertTrue(orphans.stream().noneMatch(ProcessHandle::isAlive), "the orphaned PostgreSQL was stopped");
      assertTrue(second.output().contains("left running by an earlier service"), "and the log says so");
      Thread.sleep(6000); // one more lease period: a job taken twice would make a second report now
      JsonNode reports = new ObjectMapper().readTree(get("/api/studies/" + studyUid + "/reports").orElseThrow());
      assertEquals(1, reports.size(), reports.toString());
      assertTrue(jobs(studyUid).stream().noneMatch(j -> j.path("state").asText().equals("dead")), "no job died");
      JsonNode verify = new ObjectMapper().readTree(get("/api/audit/verify").orElseThrow());
      assertTrue(verify.path("firstBrokenId").isNull() && verify.path("entries").asLong() > 100, verify.toString());
    } finally {
      orphans.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private List<JsonNode> jobs(String studyUid) {
    try {
      JsonNode all = new ObjectMapper().readTree(get("/api/jobs?limit=1000").orElseThrow());
      List<JsonNode> out = new ArrayList<>();
      all.forEach(j -> {
        if (studyUid.equals(j.path("studyUid").asText())) {
          out.add(j);
        }
      });
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Optional<String> get(String path) {
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL()
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
      Thread.sleep(100);
    }
  }
}
