package org.neurojepa.pacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.fixtures.Tool;

/**
 * Receive throughput: storescu (TCP_NODELAY=1) sends a 181-slice series of 217×181 uint16 slices
 * (about 80 KB each) to our node on one association, every instance stored durably (fsync of file
 * and directory) before its response. One warm-up series, then the median of three.
 */
@Tag("bench")
class DicomReceiveBench {
  private static final int SLICES = 181;
  private static final int RUNS = 3;

  @TempDir Path tmp;

  @Test
  void receiveSeriesFromStorescu() throws Exception {
    DicomNodeConfig config = DicomNodeConfig.builder().port(0).storageDirectory(tmp.resolve("store"))
        .freeDiskWatermarkBytes(0).build();
    double[] rates = new double[RUNS];
    long bytes = 0;
    try (DicomNode node = DicomNode.builder(config).build().start()) {
      for (int run = -1; run < RUNS; run++) {
        MrSeries series = new MrSeries("BENCH", run + 2, "T1 MPRAGE", 217, 181);
        List<Path> files = series.write(tmp.resolve("in" + run), SLICES);
        bytes = 0;
        for (Path f : files) {
          bytes += Files.size(f);
        }
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "BENCH", "-aec", config.aeTitle().value(),
            "127.0.0.1", Integer.toString(node.port())));
        files.forEach(f -> cmd.add(f.toString()));
        int before = node.store().size();
        long start = System.nanoTime();
        Tool.Result r = Tool.run(tmp, cmd);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(r.ok(), r.output());
        assertEquals(before + SLICES, node.store().size());
        if (run >= 0) {
          rates[run] = SLICES / seconds;
        }
      }
    }
    Arrays.sort(rates);
    double median = rates[RUNS / 2];
    double mbPerSecond = median * bytes / SLICES / 1e6;
    String figures = String.format(Locale.ROOT,
        "dicom.receive.neurojepa.instances_per_s = %.1f%ndicom.receive.neurojepa.mb_per_s = %.1f%n", median, mbPerSecond);
    System.out.print(figures);
    Path out = Path.of(System.getProperty("neurojepa.bench.out", "target/bench"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("dicom-receive.txt"), figures);
  }
}
