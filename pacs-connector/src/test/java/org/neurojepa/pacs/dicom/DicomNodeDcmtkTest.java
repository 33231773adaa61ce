package org.neurojepa.pacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.fixtures.Tool;
import org.neurojepa.pacs.store.SeriesSummary;
import org.neurojepa.pacs.store.StoredInstance;
import org.neurojepa.pacs.store.StudySummary;

/** dcmtk's echoscu and storescu against our node on loopback. */
class DicomNodeDcmtkTest {
  @TempDir Path tmp;

  private final List<AssociationEvent> accepted = new CopyOnWriteArrayList<>();
  private final List<AssociationEvent> rejected = new CopyOnWriteArrayList<>();

  /** The node tells its listener just after sending A-ASSOCIATE-AC, so a fast peer may finish first. */
  private void awaitAccepted(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (accepted.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, accepted.size());
  }

  private DicomNode node(DicomNodeConfig.Builder config) throws Exception {
    return DicomNode.builder(config.port(0).storageDirectory(tmp.resolve("store")).freeDiskWatermarkBytes(0).build())
        .associationListener(new AssociationListener() {
          @Override
          public void accepted(AssociationEvent event) {
            accepted.add(event);
          }

          @Override
          public void rejected(AssociationEvent event) {
            rejected.add(event);
          }
        })
        .build()
        .start();
  }

  @Test
  void echoscuSucceeds() throws Exception {
    try (DicomNode node = node(DicomNodeConfig.builder().aeTitle("NEUROJEPA"))) {
      Tool.Result r = Tool.run(tmp, "echoscu", "-v", "-aet", "ECHOER", "-aec", "NEUROJEPA", "127.0.0.1", "" + node.port());
      assertTrue(r.ok(), r.output());
      awaitAccepted(1);
      assertEquals("ECHOER", accepted.get(0).callingAeTitle());
      assertTrue(rejected.isEmpty());
    }
  }

  @Test
  void wrongCalledAeTitleIsRejected() throws Exception {
    try (DicomNode node = node(DicomNodeConfig.builder().aeTitle("NEUROJEPA"))) {
      Tool.Result r = Tool.run(tmp, "echoscu", "-v", "-aet", "ECHOER", "-aec", "SOMEONE", "127.0.0.1", "" + node.port());
      assertFalse(r.ok(), r.output());
      assertTrue(r.output().contains("Called AE Title Not Recognized"), r.output());
      assertEquals(1, rejected.size());
      assertTrue(rejected.get(0).reason().contains("called AE title 'SOMEONE'"), rejected.get(0).reason());
      assertTrue(accepted.isEmpty());
    }
  }

  @Test
  void unknownCallingAeTitleIsRejectedAndReported() throws Exception {
    try (DicomNode node = node(DicomNodeConfig.builder().aeTitle("NEUROJEPA").allowCallingAeTitle("SCANNER1"))) {
      Tool.Result bad = Tool.run(tmp, "echoscu", "-v", "-aet", "INTRUDER", "-aec", "NEUROJEPA", "127.0.0.1", "" + node.port());
      assertFalse(bad.ok(), bad.output());
      assertTrue(bad.output().contains("Calling AE Title Not Recognized"), bad.output());
      assertEquals(1, rejected.size());
      AssociationEvent e = rejected.get(0);
      assertEquals("INTRUDER", e.callingAeTitle());
      assertEquals("NEUROJEPA", e.calledAeTitle());
      assertTrue(e.reason().contains("allow-list"), e.reason());
      assertTrue(e.remoteAddress().getAddress().isLoopbackAddress());

      Tool.Result good = Tool.run(tmp, "echoscu", "-aet", "SCANNER1", "-aec", "NEUROJEPA", "127.0.0.1", "" + node.port());
      assertTrue(good.ok(), good.output());
      awaitAccepted(1);
    }
  }

  @Test
  void storescuSeriesIsStoredDurablyAndIndexed() throws Exception {
    MrSeries series = new MrSeries("PAT-001", 3, "T1 MPRAGE", 64, 64);
    List<Path> files = series.write(tmp.resolve("in"), 5);
    try (DicomNode node = node(DicomNodeConfig.builder().aeTitle("NEUROJEPA"))) {
      List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "SCANNER1", "-aec", "NEUROJEPA",
          "127.0.0.1", "" + node.port()));
      files.forEach(f -> cmd.add(f.toString()));
      Tool.Result r = Tool.run(tmp, cmd);
      assertTrue(r.ok(), r.output());
      assertEquals(5, node.store().size());
      List<StudySummary> studies = node.store().studies();
      assertEquals(1, studies.size());
      assertEquals("PAT-001", studies.get(0).patientId());
      SeriesSummary s = studies.get(0).series().get(0);
      assertEquals(series.seriesUid(), s.seriesInstanceUid());
      assertEquals(5, s.instanceCount());
      assertEquals("T1 MPRAGE", s.seriesDescription());
      assertEquals(3, s.seriesNumber().getAsInt());
      for (int i = 0; i < 5; i++) {
        StoredInstance stored = node.store().instance(series.sopInstanceUid(i)).orElseThrow();
        assertEquals(tmp.resolve("store").resolve(series.studyUid()).resolve(series.seriesUid())
            .resolve(series.sopInstanceUid(i) + ".dcm").toAbsolutePath().normalize(), stored.path());
        assertEquals(Files.size(stored.path()), stored.bytes());
        assertEquals("SCANNER1", stored.callingAeTitle());
        Tool.Result dump = Tool.run(tmp, "dcmdump", "+P", "0020,000e", stored.path().toString());
        assertTrue(dump.ok() && dump.output().contains(series.seriesUid()), dump.output());
      }
    }
  }

  @Test
  void associationsBeyondTheLimitAreRejectedTransiently() throws Exception {
    try (DicomNode node = node(DicomNodeConfig.builder().aeTitle("NEUROJEPA").maxAssociations(1))) {
      Tool.Result busy;
      // a connection that never sends its A-ASSOCIATE-RQ holds the only association slot
      try (java.net.Socket idle = new java.net.Socket("127.0.0.1", node.port())) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        do {
          busy = Tool.run(tmp, "echoscu", "-v", "-aet", "ECHOER", "-aec", "NEUROJEPA", "127.0.0.1", "" + node.port());
        } while (busy.ok() && System.nanoTime() < deadline);
        assertFalse(busy.ok(), busy.output());
        assertTrue(busy.output().contains("Local Limit Exceeded"), busy.output());
        assertTrue(idle.isConnected());
      }
      assertTrue(rejected.stream().anyMatch(e -> e.reason().contains("too many")), rejected.toString());
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      Tool.Result freed;
      do {
        freed = Tool.run(tmp, "echoscu", "-aet", "ECHOER", "-aec", "NEUROJEPA", "127.0.0.1", "" + node.port());
      } while (!freed.ok() && System.nanoTime() < deadline);
      assertTrue(freed.ok(), freed.output());
    }
  }
}
