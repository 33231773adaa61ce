package org.neurojepa.pacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.testkit.junit.ExternalProcess;

/** Several senders at once, the same instances from two of them, and connections that say nothing. */
class DicomNodeConcurrencyTest {
  @TempDir Path tmp;

  private DicomNode node(DicomNodeConfig.Builder b) throws Exception {
    return DicomNode.builder(b.port(0).storageDirectory(tmp.resolve("store")).freeDiskWatermarkBytes(0).build())
        .build().start();
  }

  @Test
  void parallelAssociationsStoreEverythingOnce() throws Exception {
    List<MrSeries> series = List.of(new MrSeries("P1", 1, "T1", 32, 32), new MrSeries("P2", 1, "T2", 32, 32),
        new MrSeries("P3", 1, "FLAIR", 32, 32));
    try (DicomNode node = node(DicomNodeConfig.builder())) {
      List<ExternalProcess> senders = new ArrayList<>();
      for (int i = 0; i < series.size(); i++) {
        List<Path> files = series.get(i).write(tmp.resolve("in" + i), 20);
        // the first series goes twice, from two senders at once
        for (int copy = 0; copy < (i == 0 ? 2 : 1); copy++) {
          List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "S" + i + copy, "-aec", "NEUROJEPA",
              "127.0.0.1", Integer.toString(node.port())));
          files.forEach(f -> cmd.add(f.toString()));
          senders.add(ExternalProcess.start("storescu-" + i + "-" + copy, cmd, tmp, Map.of("TCP_NODELAY", "1")));
        }
      }
      for (ExternalProcess p : senders) {
        try (p) {
          assertEquals(0, p.waitFor(Duration.ofSeconds(120)), p.output());
        }
      }
      assertEquals(60, node.store().size());
      for (MrSeries s : series) {
        assertEquals(20, node.store().instances(s.seriesUid()).size());
      }
    }
  }

  @Test
  void aConnectionThatNeverAssociatesIsClosedAfterTheRequestTimeout() throws Exception {
    try (DicomNode node = node(DicomNodeConfig.builder().associationRequestTimeout(Duration.ofMillis(500)));
        Socket silent = new Socket("127.0.0.1", node.port())) {
      silent.setSoTimeout(30_000);
      InputStream in = silent.getInputStream();
      assertEquals(-1, in.read(), "the node closes a connection that sends no A-ASSOCIATE-RQ");
      assertTrue(silent.isConnected());
    }
  }
}
