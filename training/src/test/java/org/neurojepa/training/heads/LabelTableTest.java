package org.neurojepa.training.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.Split;

class LabelTableTest {
  @TempDir Path dir;

  private Path csv(String text) throws IOException {
    Path f = dir.resolve("labels.csv");
    Files.writeString(f, text);
    return f;
  }

  private static DatasetEntry entry(String patient, String study) {
    return new DatasetEntry(patient, study, "1.2." + patient, SequenceType.T1W, Split.TRAIN, "a/b.nii.gz",
        "0".repeat(64), Map.of());
  }

  @Test
  void readsKnownAndUnknownValuesByPatientOrStudy() throws IOException {
    LabelTable t = LabelTable.readCsv(csv("patient,Infarct,Atrophy\np1,1,0\np2,,yes\np3,false,\n"));
    assertEquals(List.of("Infarct", "Atrophy"), t.labels());
    assertArrayEquals(new Boolean[] {true, false}, t.of(entry("p1", "s1")).orElseThrow());
    assertArrayEquals(new Boolean[] {null, true}, t.of(entry("p2", "s2")).orElseThrow());
    assertArrayEquals(new Boolean[] {false, null}, t.of(entry("p3", "s3")).orElseThrow());
    assertTrue(t.of(entry("p4", "s4")).isEmpty());
    LabelTable byStudy = LabelTable.readCsv(csv("study_uid,Mass effect\n1.2.3,1\n"));
    assertEquals(LabelTable.KeyKind.STUDY, byStudy.keyKind());
    assertArrayEquals(new Boolean[] {true}, byStudy.of(entry("px", "1.2.3")).orElseThrow());
  }

  @Test
  void onlyTheChosenLabelsInTheirOrderAndKeysThatKnowNoneOfThemLeave() throws IOException {
    LabelTable t = LabelTable.readCsv(csv("patient,Infarct,Atrophy,Cancer\np1,1,0,\np2,,1,\np3,0,,1\n"));
    LabelTable chosen = t.only(List.of("Cancer", "Infarct"));
    assertEquals(List.of("Cancer", "Infarct"), chosen.labels());
    assertArrayEquals(new Boolean[] {null, true}, chosen.of(entry("p1", "s1")).orElseThrow());
    assertTrue(chosen.of(entry("p2", "s2")).isEmpty(), "p2 knows neither label");
    assertArrayEquals(new Boolean[] {true, false}, chosen.of(entry("p3", "s3")).orElseThrow());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> t.only(List.of("Stroke")));
    assertTrue(unknown.getMessage().contains("no label 'Stroke'") && unknown.getMessage().contains("Atrophy"),
        unknown.getMessage());
  }

  @Test
  void malformedTablesAreRefusedWithTheirLine() throws IOException {
    assertTrue(assertThrows(IOException.class, () -> LabelTable.readCsv(csv("id,Infarct\np1,1\n"))).getMessage()
        .contains("first column"));
    assertTrue(assertThrows(IOException.class, () -> LabelTable.readCsv(csv("patient,Infarct\np1,maybe\n"))).getMessage()
        .contains("line 2"));
    assertTrue(assertThrows(IOException.class, () -> LabelTable.readCsv(csv("patient,Infarct\np1,1\np1,0\n"))).getMessage()
        .contains("twice"));
    assertTrue(assertThrows(IOException.class, () -> LabelTable.readCsv(csv("patient,Infarct\np1,1,0\n"))).getMessage()
        .contains("columns"));
    assertThrows(IOException.class, () -> LabelTable.readCsv(csv("")));
    assertThrows(IOException.class, () -> LabelTable.readCsv(csv("patient\np1\n")));
  }

  @Test
  void shufflingPermutesEachLabelAmongItsKeysAndKeepsTheCounts() throws IOException {
    StringBuilder b = new StringBuilder("patient,A\n");
    for (int i = 0; i < 100; i++) {
      b.append("p").append(i).append(',').append(i < 30 ? "1" : "0").append('\n');
    }
    LabelTable t = LabelTable.readCsv(csv(b.toString()));
    LabelTable s = t.shuffled(1);
    int positives = 0;
    int moved = 0;
    for (int i = 0; i < 100; i++) {
      Boolean v = s.of(entry("p" + i, "s")).orElseThrow()[0];
      positives += v ? 1 : 0;
      moved += v != (i < 30) ? 1 : 0;
    }
    assertEquals(30, positives);
    assertTrue(moved > 20, moved + " values moved");
    Path out = dir.resolve("round.csv");
    s.writeCsv(out);
    assertArrayEquals(s.of(entry("p5", "s")).orElseThrow(), LabelTable.readCsv(out).of(entry("p5", "s")).orElseThrow());
  }
}
