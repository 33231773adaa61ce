package org.neurojepa.pacs.orthanc;

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
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.StoreScu;
import org.neurojepa.testkit.orthanc.SyntheticMrSeries;

/**
 * Orthanc's own receive rate, the yardstick for ours: a 181-slice MR series (181 × 217 uint16
 * slices, Colin27's axial size) sent by dcmtk storescu in one association with Nagle off, timed
 * over storescu's wall time. Orthanc runs with its default storage settings (fsync on) and, like
 * the sender, with Nagle off on its DICOM sockets.
 */
@Tag("bench")
class OrthancReceiveBench {
  private static final int RUNS = 3;
  private static final String AET = "NJ_BENCH";

  @TempDir Path tmp;

  /** {@code neurojepa.bench.out}, or the build root's target/bench when the property is not passed. */
  private static Path benchDirectory() {
    String configured = System.getProperty("neurojepa.bench.out");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path module = Path.of("").toAbsolutePath();
    Path root = Files.isRegularFile(module.resolve("../Makefile")) ? module.getParent() : module;
    return root.resolve("target/bench");
  }

  @Test
  void orthancReceivesA181SliceSeries() throws IOException {
    try (OrthancServer orthanc = OrthancServer.builder().aeTitle(AET).start();
        OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      // Warm-up: the first association also creates Orthanc's first patient/study rows.
      SyntheticMrSeries warmUp = SyntheticMrSeries.builder().slices(5).build();
      StoreScu.send(warmUp.writeTo(tmp.resolve("warm-up")), "127.0.0.1", orthanc.dicomPort(), AET, tmp,
          Duration.ofSeconds(60));

      List<Double> rates = new ArrayList<>();
      List<Duration> walls = new ArrayList<>();
      for (int run = 1; run <= RUNS; run++) {
        SyntheticMrSeries series = SyntheticMrSeries.builder().seriesNumber(run).build();
        List<Path> files = series.writeTo(tmp.resolve("run-" + run));
        StoreScu.Run sent =
            StoreScu.send(files, "127.0.0.1", orthanc.dicomPort(), AET, tmp, Duration.ofMinutes(5));
        List<OrthancSeries> stored =
            client.findSeries(FindQuery.builder().seriesInstanceUid(series.seriesInstanceUid()).build());
        assertEquals(181, stored.get(0).instanceCount(), "Orthanc did not keep every instance");
        rates.add(sent.instancesPerSecond());
        walls.add(sent.wall());
        System.out.printf(Locale.ROOT, "run %d: %d instances in %d ms = %.1f instances/s%n",
            run, sent.instances(), sent.wall().toMillis(), sent.instancesPerSecond());
      }
      double median = rates.stream().sorted().toList().get(RUNS / 2);
      long medianWallMs = walls.stream().sorted().toList().get(RUNS / 2).toMillis();
      String figures = String.format(Locale.ROOT,
          "dicom.receive.orthanc.instances_per_s = %.1f%ndicom.receive.orthanc.series_181_wall_ms = %d%n",
          median, medianWallMs);
      System.out.print(figures);
      Path out = benchDirectory();
      Files.createDirectories(out);
      Files.writeString(out.resolve("orthanc-receive.txt"), figures, StandardCharsets.UTF_8);
    }
  }
}
