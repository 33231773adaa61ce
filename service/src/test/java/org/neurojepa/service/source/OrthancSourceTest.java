package org.neurojepa.service.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.report.Reports;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real Orthanc as a source: a study uploaded to it after the service started is pulled once
 * Orthanc declares its series stable, stored in the node's store with Orthanc's AE title as the
 * sender, and analysed to a report; the feed position is kept, and pulling again stores nothing new.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OrthancSourceTest {
  @TempDir static Path dataDir;
  @TempDir static Path scratch;
  static OrthancServer orthanc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    orthanc = OrthancServer.builder().aeTitle("ARCHIVE").stableAge(Duration.ofSeconds(2)).syncStorage(false)
        .workDirectory(scratch.resolve("orthanc")).start();
    ServiceSettings.pipeline(dataDir, "orthanc-source-admin-password")
        .with("neurojepa.pipeline.poll", "100ms")
        .with("neurojepa.orthanc.base-url", orthanc.baseUrl())
        .with("neurojepa.orthanc.poll", "300ms")
        .register(registry);
  }

  @AfterAll
  static void stopOrthanc() {
    orthanc.close();
  }

  @Autowired DicomNodeLifecycle node;
  @Autowired Reports reports;
  @Autowired AuditTrail audit;
  @Autowired JobQueue jobs;
  @Autowired JdbcTemplate jdbc;
  @Autowired OrthancSource source;
  @Autowired org.neurojepa.service.pipeline.Replica replica;
  private final Await await = Await.upTo(Duration.ofMinutes(5))
      .showing(() -> "jobs: " + jobs.list(Optional.empty(), Optional.empty(), 50) + "\nOrthanc: " + orthanc.log());

  @Test
  void aStudyUploadedToOrthancIsPulledAndReported() throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .build(), scratch.resolve("study"));
    try (OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      for (GeneratedSeries s : study.series()) {
        for (Path f : s.files()) {
          client.upload(f);
        }
      }
    }
    int instances = study.series().stream().mapToInt(s -> s.files().size()).sum();
    // Orthanc declares each series stable on its own, so a first report may come from one series
    // and be superseded when the next arrives, as with a modality that sends series apart
    String t1 = study.series().get(1).groundTruth().identity().seriesInstanceUid();
    await.until(() -> reports.current(study.studyInstanceUid()).map(r -> r.generationSet().contains(t1)).orElse(false),
        "the report of the pulled study with both series");
    assertEquals(instances, node.store().studies().stream()
        .filter(s -> s.studyInstanceUid().equals(study.studyInstanceUid()))
        .flatMap(s -> s.series().stream()).mapToInt(s -> s.instanceCount()).sum());
    audit.flush();
    List<AuditEntry> pulled = entries(AuditAction.SERIES_PULLED);
    assertEquals(2, pulled.size(), pulled.toString());
    assertTrue(pulled.stream().allMatch(e -> "ARCHIVE".equals(e.callingAe()) && e.detail().contains(" 0 refused")),
        pulled.toString());
    assertTrue(entries(AuditAction.INSTANCE_STORED).stream().anyMatch(e -> "ARCHIVE".equals(e.callingAe())),
        "instances are stored as sent by Orthanc's AE title");
    long cursor = jdbc.queryForObject("SELECT seq FROM orthanc_cursor", Long.class);
    assertTrue(cursor > 0, "the feed position is kept: " + cursor);

    // another pass over the same position pulls nothing (and a repeated series would store nothing)
    int storedBefore = entries(AuditAction.INSTANCE_STORED).size();
    source.poll();
    audit.flush();
    assertEquals(storedBefore, entries(AuditAction.INSTANCE_STORED).size());
    assertEquals(2, entries(AuditAction.SERIES_PULLED).size());

    // one replica at a time follows the source: while another holds it, nothing is pulled here
    assertEquals(replica.id(), jdbc.queryForObject("SELECT held_by FROM orthanc_cursor", String.class));
    jdbc.update("UPDATE orthanc_cursor SET held_by = 'another-replica', held_until = now() + interval '1 hour'");
    GeneratedStudy later = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .build(), scratch.resolve("later"));
    try (OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      for (Path f : later.series().get(0).files()) {
        client.upload(f);
      }
    }
    Thread.sleep(4000); // past Orthanc's stable age (2 s), with polls every 300 ms
    source.poll();
    audit.flush();
    assertEquals(2, entries(AuditAction.SERIES_PULLED).size(), "pulled while another replica holds the source");
    // its hold runs out (it died): this replica takes over and pulls the new series
    jdbc.update("UPDATE orthanc_cursor SET held_until = now() - interval '1 second'");
    await.until(() -> {
      audit.flush();
      return entries(AuditAction.SERIES_PULLED).size() == 3;
    }, "the series pulled after the other replica's hold ran out");
    assertEquals(replica.id(), jdbc.queryForObject("SELECT held_by FROM orthanc_cursor", String.class));
  }

  private List<AuditEntry> entries(AuditAction action) {
    return audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of(action), 10_000)).stream().map(e -> e.entry()).toList();
  }
}
