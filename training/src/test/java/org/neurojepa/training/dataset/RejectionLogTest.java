package org.neurojepa.training.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.series.SequenceType;

class RejectionLogTest {
  @TempDir Path dir;

  private final Rejection localizer = new Rejection("1.2.1", "1.2.1.1", Rejection.Stage.CLASSIFICATION, "LOCALIZER",
      "3-plane scout", Optional.empty(), Map.of());
  private final Rejection lowQc = new Rejection("1.2.1", "1.2.1.2", Rejection.Stage.QC, "QC_BELOW_THRESHOLD",
      "QC: MI 0.12 < 0.45", Optional.of(SequenceType.T1W), Map.of("mutual_information", 0.12, "pearson", 0.3));

  @Test
  void appendedRejectionsReadBackAndCountByCode() throws IOException {
    assertEquals(List.of(), RejectionLog.read(dir).rejections(), "no log yet: nothing rejected");
    RejectionLog.append(dir, localizer);
    RejectionLog.append(dir, lowQc);
    RejectionLog log = RejectionLog.read(dir);
    assertEquals(List.of(localizer, lowQc), log.rejections());
    assertTrue(log.contains("1.2.1.2"));
    assertEquals(Map.of("LOCALIZER", 1, "QC_BELOW_THRESHOLD", 1), log.countsByCode());
    String text = Files.readString(dir.resolve(RejectionLog.FILE_NAME));
    assertTrue(text.contains("\"stage\":\"qc\"") && text.contains("\"sequence\":\"T1w\""), text);
  }

  @Test
  void aTornLineIsIgnoredAndATwiceListedSeriesIsAnError() throws IOException {
    RejectionLog.append(dir, localizer);
    Files.writeString(dir.resolve(RejectionLog.FILE_NAME), "{\"study_uid\":\"1.2", StandardOpenOption.APPEND);
    assertEquals(List.of(localizer), RejectionLog.read(dir).rejections());
    RejectionLog.append(dir, lowQc);
    assertEquals(List.of(localizer, lowQc), RejectionLog.read(dir).rejections());
    RejectionLog.append(dir, localizer);
    IOException twice = assertThrows(IOException.class, () -> RejectionLog.read(dir));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Rejection("1", "2", Rejection.Stage.QC, " ", "x",
        Optional.empty(), Map.of()));
  }
}
