package org.neurojepa.preprocessing.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.testkit.fixtures.Degradation;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;

/** A whole generated study on disk: every series found, grouped and classified from its files. */
class FixtureStudyClassificationTest {
  @TempDir Path work;

  @Test
  void classifiesEverySeriesOfAGeneratedStudy() throws Exception {
    StudySpec.Builder study = StudySpec.builder();
    for (SeriesKind kind : SeriesKind.values()) {
      study.series(SeriesSpec.builder().kind(kind).voxelSize(3, 3, 3).build());
    }
    study.series(SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(3, 3, 3).degrade(Degradation.MISSING_SLICES)
        .seriesDescription("t2_tse_tra_incomplete").build());
    study.series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(3, 3, 3).rescale(0.5, -20)
        .seriesDescription("t1_mprage_sag_p2_iso_POST").build());
    GeneratedStudy generated = FixtureGenerator.write(study.build(), work.resolve("study"));

    DirectoryScan scan = DirectoryScan.of(generated.directory());
    assertEquals(generated.series().size(), scan.series().size(), "one series per SeriesInstanceUID");
    assertTrue(scan.skipped().stream().allMatch(s -> s.file().toString().endsWith(".json")),
        "only the ground-truth JSON files are skipped: " + scan.skipped());

    Map<String, Classification> byDescription = new HashMap<>();
    SeriesClassifier classifier = new SeriesClassifier();
    for (DicomSeries s : scan.series()) {
      Classification c = classifier.classify(s);
      String description = s.firstHeader().string("SeriesDescription").orElse("");
      System.out.println(description + " -> " + c.type().label() + c.rejection().map(r -> " " + r).orElse("")
          + (c.postContrast() ? " post-contrast" : "") + " (" + c.confidence() + ") " + c.explanation());
      byDescription.put(description, c);
    }
    assertEquals(SequenceType.T1W, find(byDescription, "t1_mprage").type());
    assertFalse(find(byDescription, "t1_mprage_sag_p2_iso").postContrast());
    assertEquals(SequenceType.T2W, find(byDescription, "t2_tse_tra").type());
    assertEquals(SequenceType.FLAIR, find(byDescription, "t2_tirm").type());
    assertEquals(RejectionReason.LOCALIZER, find(byDescription, "localizer").rejection().orElseThrow());
    assertEquals(RejectionReason.DIFFUSION, find(byDescription, "ep2d_diff").rejection().orElseThrow());
    assertEquals(RejectionReason.DERIVED, find(byDescription, "MPR").rejection().orElseThrow());
    Classification incomplete = find(byDescription, "t2_tse_tra_incomplete");
    assertEquals(RejectionReason.INCONSISTENT_GEOMETRY, incomplete.rejection().orElseThrow());
    assertTrue(incomplete.explanation().contains("MISSING_SLICES"), incomplete.explanation());
    Classification post = find(byDescription, "_POST");
    assertEquals(SequenceType.T1W, post.type());
    assertTrue(post.postContrast());
  }

  private static Classification find(Map<String, Classification> all, String part) {
    return all.entrySet().stream()
        .filter(e -> e.getKey().contains(part))
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(String::length)))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no series named like " + part + " in " + all.keySet()));
  }
}
