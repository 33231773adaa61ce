package org.neurojepa.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.ServeProcess;
import org.neurojepa.service.testing.TestScu;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
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

  /** Both starts on the same data directory and ports. */
  private ServeProcess start(String name) {
    return ServeProcess.builder(name, scratch).dataDir(dataDir).tmpDir(scratch.resolve("tmp"))
        .ports(httpPort, dicomPort).adminPassword(PASSWORD).setting("neurojepa.pipeline.lease", "5s")
        .start().awaitListening(Duration.ofMinutes(3));
  }

  @Test
  void aServiceKilledMidPipelineFinishesTheStudyOnceAfterARestart() throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(3).build())
        .build(), scratch.resolve("study"));
    String studyUid = study.studyInstanceUid();
    List<ProcessHandle> orphans = new ArrayList<>();
    try (ServeProcess first = start("service-1")) {
      first.send(TestScu.files(study.series()));

      // mid-pipeline: a preprocess or embed job of this study is running
      awaitShowing(first).until(() -> first.jobs(studyUid).stream()
          .anyMatch(j -> j.path("state").asText().equals("running")
              && List.of("preprocess", "embed").contains(j.path("stage").asText())), "a running job");
      // its postmaster, by the PID in the cluster's postmaster.pid (pg_ctl detaches it from the JVM)
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
      ProcessHandle.of(postmaster).ifPresent(orphans::add);
      ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly); // the JVM alone, as a JVM crash
      first.waitFor(Duration.ofSeconds(30));
      assertTrue(orphans.stream().anyMatch(ProcessHandle::isAlive), "the embedded PostgreSQL outlives the JVM");
    }
    try (ServeProcess second = start("service-2")) {
      awaitShowing(second).until(() -> second.get("/api/studies/" + studyUid + "/report").isPresent(),
          "the report after the restart");
      assertTrue(orphans.stream().noneMatch(ProcessHandle::isAlive), "the orphaned PostgreSQL was stopped");
      assertTrue(second.output().contains("left running by an earlier service"), "and the log says so");
      Thread.sleep(6000); // one more lease period: a job taken twice would make a second report now
      JsonNode reports = new ObjectMapper().readTree(second.get("/api/studies/" + studyUid + "/reports").orElseThrow());
      assertEquals(1, reports.size(), reports.toString());
      assertTrue(second.jobs(studyUid).stream().noneMatch(j -> j.path("state").asText().equals("dead")),
          "no job died");
      JsonNode verify = new ObjectMapper().readTree(second.get("/api/audit/verify").orElseThrow());
      assertTrue(verify.path("firstBrokenId").isNull() && verify.path("entries").asLong() > 100, verify.toString());
    } finally {
      orphans.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static Await awaitShowing(ServeProcess service) {
    return Await.upTo(DEADLINE).every(Duration.ofMillis(100)).showing(service::output);
  }
}
