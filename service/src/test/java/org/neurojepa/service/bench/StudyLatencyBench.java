package org.neurojepa.service.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End-to-end latency of one service on this machine, with the release's architecture (base,
 * untrained weights: the same arithmetic as trained ones) on the CPU: storescu sends a study of a
 * localizer and 1 mm T1w, T2w and FLAIR series; latency is from the last instance stored to the
 * report stored (and so in the /fhir feed, which indexes it in the same transaction), less the
 * quiet period that completes a series. One study first, untimed (model and validator load); then
 * studies one at a time (latency), then a burst sent back to back (studies per hour).
 */
@Tag("bench")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StudyLatencyBench {
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final int TIMED = 3;
  private static final int BURST = 4;

  @TempDir static Path dataDir;
  @TempDir static Path scratch;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("neurojepa.security.admin-password", () -> "bench-admin-password");
    registry.add("neurojepa.dicom.port", () -> 0);
    registry.add("neurojepa.dicom.data-dir", () -> dataDir.toString());
    registry.add("neurojepa.dicom.free-disk-watermark-bytes", () -> 0);
    registry.add("neurojepa.dicom.quiet-period", () -> QUIET.toMillis() + "ms");
    registry.add("neurojepa.pipeline.poll", () -> "50ms");
    registry.add("neurojepa.model.variant", () -> "base");
  }

  @Autowired DicomNodeLifecycle node;
  @Autowired JdbcTemplate jdbc;
  @Autowired org.neurojepa.service.audit.AuditTrail audit;

  @Test
  void latencyPerStudyAndStudiesPerHour() throws Exception {
    send(study("warm-up"));
    awaitReports(1);
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < TIMED; i++) {
      GeneratedStudy s = study("timed-" + i);
      send(s);
      awaitReports(2 + i);
      latencies.add(latencySeconds(s.studyInstanceUid()));
    }
    List<GeneratedStudy> burst = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      burst.add(study("burst-" + i));
    }
    long t0 = System.nanoTime();
    for (GeneratedStudy s : burst) {
      send(s);
    }
    awaitReports(1 + TIMED + BURST);
    double burstSeconds = (System.nanoTime() - t0) / 1e9;
    double perHour = BURST / burstSeconds * 3600;
    List<String> stages = jdbc.queryForList("SELECT stage || ' ' || count(*) || ' jobs, median '"
        + " || round(extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY finished_at - created_at))::numeric, 2)"
        + " || ' s' FROM job WHERE state = 'done' GROUP BY stage ORDER BY stage", String.class);
    double mean = latencies.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    String figures = String.format(Locale.ROOT,
        "end to end, one service, base model on CPU (%d cores), study = localizer + 1 mm T1w, T2w, FLAIR%n"
            + "  latency, last instance stored -> report stored, quiet period (%d ms) excluded: %s s (mean %.1f s; goal <= 12 s)%n"
            + "  burst of %d studies sent back to back: %.1f s -> %.0f studies/hour%n"
            + "  per stage, median time from queued to done (waiting included): %s%n",
        Runtime.getRuntime().availableProcessors(), QUIET.toMillis(),
        latencies.stream().map(l -> String.format(Locale.ROOT, "%.1f", l)).toList(), mean, BURST, burstSeconds, perHour,
        stages);
    System.out.print(figures);
    Path out = benchDirectory();
    Files.createDirectories(out);
    Files.writeString(out.resolve("service-latency.txt"), figures, StandardCharsets.UTF_8);
  }

  private GeneratedStudy study(String name) throws Exception {
    return FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T2W).seriesNumber(3).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).seriesNumber(4).build())
        .build(), scratch.resolve(name));
  }

  private void send(GeneratedStudy study) throws Exception {
    List<String> command = new ArrayList<>(List.of("storescu", "-aet", "BENCH", "-aec", "NEUROJEPA", "127.0.0.1",
        Integer.toString(node.port())));
    study.series().forEach(s -> s.files().forEach(f -> command.add(f.toString())));
    ExternalProcess storescu = ExternalProcess.start("storescu", command, scratch, Map.of("TCP_NODELAY", "1"));
    assertEquals(0, storescu.waitFor(Duration.ofMinutes(5)), storescu.output());
  }

  private void awaitReports(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    while (jdbc.queryForObject("SELECT count(DISTINCT study_uid) FROM reports", Integer.class) < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + n + " reports: " + jdbc.queryForList("SELECT stage, state, last_error"
            + " FROM job WHERE state <> 'done'"));
      }
      Thread.sleep(50);
    }
  }

  private double latencySeconds(String studyUid) {
    audit.flush();
    Timestamp stored = jdbc.queryForObject("SELECT max(at) FROM audit_event WHERE study_uid = ? AND action = ?",
        Timestamp.class, studyUid, "INSTANCE_STORED");
    Timestamp report = jdbc.queryForObject("SELECT min(created_at) FROM reports WHERE study_uid = ?", Timestamp.class,
        studyUid);
    return (report.getTime() - stored.getTime() - QUIET.toMillis()) / 1000.0;
  }

  private static Path benchDirectory() {
    String configured = System.getProperty("neurojepa.bench.out");
    return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("target/bench");
  }
}
