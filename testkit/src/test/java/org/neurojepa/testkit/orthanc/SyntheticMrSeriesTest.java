package org.neurojepa.testkit.orthanc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.testkit.junit.ExternalProcess;

class SyntheticMrSeriesTest {
  @TempDir Path tmp;

  @Test
  void writesOneReadableMrFilePerSliceWithTheGivenHeader() throws Exception {
    SyntheticMrSeries series = SyntheticMrSeries.builder().patientId("P-42").studyDate(LocalDate.of(2023, 5, 6))
        .seriesDescription("T1 TEST").size(5, 4).slices(3).build();
    List<Path> files = series.writeTo(tmp.resolve("s"));
    assertEquals(3, files.size());
    try (var listing = Files.list(tmp.resolve("s"))) {
      assertEquals(3, listing.count(), "scratch files left next to the series");
    }

    Path dumpDir = tmp.resolve("dump");
    try (ExternalProcess dcmdump = ExternalProcess.start("dcmdump",
        List.of("dcmdump", "+P", "0010,0020", "+P", "0008,0060", "+P", "0020,0013", "+P", "0020,000e",
            "+P", "0008,0020", "+P", "0028,0010", "+P", "0028,0011", "+P", "7fe0,0010", "+L",
            files.get(1).toString()), dumpDir)) {
      assertEquals(0, dcmdump.waitFor(Duration.ofSeconds(20)), dcmdump.output());
      String out = dcmdump.output();
      assertTrue(out.contains("[P-42]"), out);
      assertTrue(out.contains("[MR]"), out);
      assertTrue(out.contains("IS [2]"), out);
      assertTrue(out.contains("[20230506]"), out);
      assertTrue(out.contains("[" + series.seriesInstanceUid() + "]"), out);
      assertTrue(out.contains("US 5"), out);
      assertTrue(out.contains("US 4"), out);
      // 5 rows × 4 columns × 2 bytes
      assertTrue(out.matches("(?s).*#\\s+40, 1 PixelData.*"), out);
    }
    byte[] bytes = Files.readAllBytes(files.get(1));
    // The pixel data closes the file: its last value is row 4, column 3 of slice 2.
    int last = (bytes[bytes.length - 2] & 0xff) | (bytes[bytes.length - 1] & 0xff) << 8;
    assertEquals(series.pixelValue(2, 4, 3), last);
  }

  @Test
  void uidsAreFreshAndValid() {
    String a = SyntheticMrSeries.newUid();
    String b = SyntheticMrSeries.newUid();
    assertTrue(a.matches("2\\.25\\.[1-9][0-9]*") && a.length() <= 64, a);
    assertTrue(!a.equals(b));
  }

  @Test
  void badHeaderValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticMrSeries.builder().patientId("A]B"));
    assertThrows(IllegalArgumentException.class, () -> SyntheticMrSeries.builder().studyInstanceUid("1.2.x"));
    assertThrows(IllegalArgumentException.class, () -> SyntheticMrSeries.builder().slices(0));
  }
}
