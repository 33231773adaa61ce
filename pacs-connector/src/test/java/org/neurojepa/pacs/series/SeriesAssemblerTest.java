package org.neurojepa.pacs.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.fixtures.Tool;
import org.neurojepa.pacs.store.StoreOutcome;
import org.neurojepa.pacs.store.StoredInstance;

class SeriesAssemblerTest {
  // long enough that a scheduling hiccup between two calls of a burst cannot complete a series early
  private static final Duration QUIET = Duration.ofMillis(1500);

  private final List<SeriesCompleted> completed = new CopyOnWriteArrayList<>();

  private static StoredInstance instance(String series, int n) {
    return new StoredInstance("P1", "1.2.3", series, "1.2.840.10008.5.1.4.1.1.4", series + "." + n, "MR", "T1",
        OptionalInt.of(1), "1.2.840.10008.1.2.1", 100, Path.of("/x/" + n + ".dcm"), "SCANNER", Instant.now());
  }

  /** Polls until the condition holds or the deadline passes; the deadline is generous, not a timing assumption. */
  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void completesAfterTheQuietPeriodAndReopensForLateInstances() throws Exception {
    try (SeriesAssembler assembler = new SeriesAssembler(QUIET, completed::add)) {
      for (int i = 1; i <= 5; i++) {
        assembler.instanceStored(instance("1.2.3.4", i), StoreOutcome.STORED);
      }
      assertTrue(assembler.isOpen("1.2.3.4"));
      await(() -> completed.size() == 1, "the first completion");
      SeriesCompleted first = completed.get(0);
      assertEquals("1.2.3.4", first.seriesInstanceUid());
      assertEquals("1.2.3", first.studyInstanceUid());
      assertEquals(5, first.instanceCount());
      assertEquals(1, first.generation());
      assertFalse(assembler.isOpen("1.2.3.4"));
      assertEquals(OptionalInt.of(1), assembler.completedGeneration("1.2.3.4"));

      // an identical resend changes nothing; a late new instance re-opens the series
      assembler.instanceStored(instance("1.2.3.4", 3), StoreOutcome.DUPLICATE);
      assertFalse(assembler.isOpen("1.2.3.4"));
      assembler.instanceStored(instance("1.2.3.4", 6), StoreOutcome.STORED);
      assertTrue(assembler.isOpen("1.2.3.4"));
      await(() -> completed.size() == 2, "the second completion");
      assertEquals(2, completed.get(1).generation());
      assertEquals(6, completed.get(1).instanceCount());
    }
  }

  @Test
  void aBurstCompletesOnceWithEveryInstance() throws Exception {
    try (SeriesAssembler assembler = new SeriesAssembler(QUIET, completed::add)) {
      // each instance re-arms the timer of its own series only
      for (int i = 1; i <= 10; i++) {
        assembler.instanceStored(instance("1.2.3.5", i), StoreOutcome.STORED);
        assembler.instanceStored(instance("1.2.3.6", i), StoreOutcome.STORED);
      }
      await(() -> completed.size() == 2, "both series");
      assertEquals(List.of(10, 10), completed.stream().map(SeriesCompleted::instanceCount).toList());
      assertTrue(completed.stream().allMatch(c -> c.generation() == 1));
    }
  }

  @Test
  void completesSeriesStoredByStorescuThroughTheNode(@TempDir Path tmp) throws Exception {
    MrSeries series = new MrSeries("PAT-SER", 1, "T1", 16, 16);
    List<Path> files = series.write(tmp.resolve("in"), 4);
    try (SeriesAssembler assembler = new SeriesAssembler(QUIET, completed::add);
        DicomNode node = DicomNode.builder(DicomNodeConfig.builder().port(0).storageDirectory(tmp.resolve("store"))
            .freeDiskWatermarkBytes(0).build()).instanceStoredListener(assembler).build().start()) {
      List<String> cmd = new ArrayList<>(List.of("storescu", "-aec", DicomNodeConfig.DEFAULT_AE_TITLE, "127.0.0.1",
          Integer.toString(node.port())));
      files.subList(0, 3).forEach(f -> cmd.add(f.toString()));
      assertTrue(Tool.run(tmp, cmd).ok());
      await(() -> completed.size() == 1, "completion of the first three");
      assertEquals(3, completed.get(0).instanceCount());
      assertTrue(Tool.run(tmp, "storescu", "-aec", DicomNodeConfig.DEFAULT_AE_TITLE, "127.0.0.1",
          Integer.toString(node.port()), files.get(3).toString()).ok());
      await(() -> completed.size() == 2, "the re-opened series");
      assertEquals(4, completed.get(1).instanceCount());
      assertEquals(2, completed.get(1).generation());
      assertEquals(series.seriesUid(), completed.get(1).seriesInstanceUid());
    }
  }

  @Test
  void rejectsANonPositiveQuietPeriod() {
    assertThrows(IllegalArgumentException.class, () -> new SeriesAssembler(Duration.ZERO, completed::add));
  }
}
