package org.neurojepa.pacs.scu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;

/** Our PixelMed-based SCU against our node and against dcmtk's storescp. */
class DicomClientTest {
  @TempDir Path tmp;

  private final DicomClient client = new DicomClient(new AeTitle("NJ_SCU"));

  private DicomNode node() throws Exception {
    return DicomNode.builder(DicomNodeConfig.builder().aeTitle("NEUROJEPA").port(0)
            .storageDirectory(tmp.resolve("store")).freeDiskWatermarkBytes(0).build())
        .build().start();
  }

  @Test
  void echoesOurNodeAndReportsARejection() throws Exception {
    try (DicomNode node = node()) {
      assertEquals(DicomStatus.SUCCESS, client.echo(DicomPeer.of("127.0.0.1", node.port(), "NEUROJEPA")));
      DicomClientException e = assertThrows(DicomClientException.class,
          () -> client.echo(DicomPeer.of("127.0.0.1", node.port(), "NOT_THEM")));
      assertTrue(e.getMessage().contains("NOT_THEM"), e.getMessage());
    }
  }

  @Test
  void unreachablePeerIsAClearError() {
    int closedPort = FreePorts.loopback();
    DicomClientException e = assertThrows(DicomClientException.class,
        () -> client.echo(DicomPeer.of("127.0.0.1", closedPort, "NOBODY")));
    assertTrue(e.getMessage().contains("C-ECHO to NOBODY@127.0.0.1:" + closedPort), e.getMessage());
  }

  @Test
  void storesAFolderRecursivelyIntoOurNode() throws Exception {
    MrSeries a = new MrSeries("PAT-SCU", 1, "T1", 32, 32);
    MrSeries b = new MrSeries("PAT-SCU", a.studyUid(), 2, "T2", 32, 32);
    Path dir = tmp.resolve("send");
    a.write(dir.resolve("series1"), 4);
    b.write(dir.resolve("series2/deeper"), 3);
    Files.writeString(dir.resolve("README.txt"), "not DICOM");
    byte[] whole = b.slice(3).toBytes();
    Path truncated = Files.write(dir.resolve("series2/truncated.dcm"), Arrays.copyOf(whole, whole.length - 500));
    try (DicomNode node = node()) {
      StoreResult result = client.store(DicomPeer.of("127.0.0.1", node.port(), "NEUROJEPA"), dir);
      assertEquals(7, result.succeeded(), result.files().toString());
      assertEquals(1, result.failed(), result.files().toString());
      assertEquals(1, result.skipped());
      FileResult bad = result.files().stream().filter(f -> f.file().equals(truncated)).findFirst().orElseThrow();
      assertEquals(FileResult.Outcome.FAILURE, bad.outcome());
      long expectedBytes;
      try (Stream<Path> files = Files.walk(dir)) {
        expectedBytes = files.filter(p -> p.toString().endsWith(".dcm")).mapToLong(p -> p.toFile().length()).sum();
      }
      assertEquals(expectedBytes, result.bytesSent());
      assertEquals(7, node.store().size());
      assertEquals(2, node.store().series(a.studyUid()).size());
      assertEquals("NJ_SCU", node.store().instance(a.sopInstanceUid(0)).orElseThrow().callingAeTitle());
    }
  }

  @Test
  void storesIntoDcmtkStorescp() throws Exception {
    MrSeries series = new MrSeries("PAT-STORESCP", 5, "FLAIR", 32, 32);
    Path dir = tmp.resolve("send");
    List<Path> files = series.write(dir, 3);
    Path out = Files.createDirectories(tmp.resolve("storescp-out"));
    int port = FreePorts.loopback();
    try (ExternalProcess storescp = ExternalProcess.start("storescp",
        List.of("storescp", "-v", "-aet", "STORESCP", "-od", out.toString(), Integer.toString(port)), tmp)) {
      storescp.awaitPort(port, Duration.ofSeconds(20));
      DicomPeer peer = DicomPeer.of("127.0.0.1", port, "STORESCP");
      assertEquals(DicomStatus.SUCCESS, client.echo(peer));
      StoreResult result = client.store(peer, dir);
      assertEquals(3, result.succeeded(), result.files() + "\n" + storescp.output());
      try (Stream<Path> received = Files.list(out)) {
        assertEquals(3, received.count(), storescp.output());
      }
      storescp.kill();
    }
    assertEquals(files.size(), 3);
  }
}
