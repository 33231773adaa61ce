package org.neurojepa.pacs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.orthanc.FindQuery;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.StoreScu;
import org.neurojepa.testkit.orthanc.SyntheticMrSeries;

/**
 * Instances per second received from dcmtk storescu (Nagle off, one association) for a 181-slice
 * MR series of 181×217 uint16 slices: our node with durable storage (fsync of every file and its
 * directory before the C-STORE response) against Orthanc on the same machine and disk, in the same
 * run, alternating which goes first, after one untimed series to each. Each run sends a fresh
 * series (new UIDs) to both.
 */
@Tag("bench")
class ReceiveRateBench {
  private static final int RUNS = 5;

  @TempDir Path tmp;

  private static Path benchDirectory() {
    String configured = System.getProperty("neurojepa.bench.out");
    return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("target/bench");
  }

  @Test
  void oursAgainstOrthanc() throws IOException {
    DicomNodeConfig config = DicomNodeConfig.builder().aeTitle("NEUROJEPA").port(0)
        .storageDirectory(tmp.resolve("ours")).build();
    try (DicomNode node = DicomNode.builder(config).build().start();
        OrthancServer orthanc = OrthancServer.builder().aeTitle("ORTHANC").workDirectory(tmp.resolve("orthanc")).start();
        OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      // Both servers first receive one whole series untimed: the node is a long-running service,
      // and the measured runs should see it (and Orthanc) in steady state, not our JIT warming up.
      List<Path> warmUp = SyntheticMrSeries.builder().seriesNumber(99).build().writeTo(tmp.resolve("warm-up"));
      StoreScu.send(warmUp, "127.0.0.1", node.port(), "NEUROJEPA", tmp, Duration.ofSeconds(60));
      StoreScu.send(warmUp, "127.0.0.1", orthanc.dicomPort(), "ORTHANC", tmp, Duration.ofSeconds(60));

      List<Double> ours = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      for (int run = 1; run <= RUNS; run++) {
        SyntheticMrSeries series = SyntheticMrSeries.builder().seriesNumber(run).build();
        List<Path> files = series.writeTo(tmp.resolve("run-" + run));
        boolean oursFirst = run % 2 == 1;
        for (int turn = 0; turn < 2; turn++) {
          if ((turn == 0) == oursFirst) {
            StoreScu.Run sent = StoreScu.send(files, "127.0.0.1", node.port(), "NEUROJEPA", tmp, Duration.ofMinutes(5));
            assertEquals(181, node.store().instances(series.seriesInstanceUid()).size(), "our node lost instances");
            ours.add(sent.instancesPerSecond());
          } else {
            StoreScu.Run sent =
                StoreScu.send(files, "127.0.0.1", orthanc.dicomPort(), "ORTHANC", tmp, Duration.ofMinutes(5));
            assertEquals(181, client.findSeries(FindQuery.builder().seriesInstanceUid(series.seriesInstanceUid())
                .build()).get(0).instanceCount(), "Orthanc lost instances");
            theirs.add(sent.instancesPerSecond());
          }
        }
        System.out.printf(Locale.ROOT, "run %d: ours %.1f/s, Orthanc %.1f/s%n", run, ours.get(run - 1),
            theirs.get(run - 1));
      }
      double oursMedian = median(ours);
      double theirsMedian = median(theirs);
      String figures = String.format(Locale.ROOT,
          "dicom.receive.neurojepa.instances_per_s = %.1f%n"
              + "dicom.receive.orthanc.instances_per_s = %.1f%n"
              + "dicom.receive.ratio_neurojepa_to_orthanc = %.2f (goal >= 1.5)%n",
          oursMedian, theirsMedian, oursMedian / theirsMedian);
      System.out.print(figures);
      Files.createDirectories(benchDirectory());
      Files.writeString(benchDirectory().resolve("dicom-receive.txt"), figures, StandardCharsets.UTF_8);
    }
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }
}
