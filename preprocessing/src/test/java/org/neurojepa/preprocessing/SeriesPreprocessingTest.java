package org.neurojepa.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.fixtures.Degradation;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;

/**
 * Generated series through conversion, preprocessing and QC as the service and the harvest run
 * them: what is accepted, and each kind of refusal with its stage and code.
 */
class SeriesPreprocessingTest {
  private static SeriesPreprocessing preprocessing;
  @TempDir Path dir;

  @BeforeAll
  static void loadTemplate() throws IOException {
    preprocessing = new SeriesPreprocessing(PreprocessorSettings.builder(Template.colin27()).build());
  }

  @Test
  void aGoodSeriesIsAcceptedWithItsArtefactsInPlace() throws IOException {
    DicomSeries t1 = series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).build(), "t1");
    Path target = dir.resolve("out").resolve("g1");
    PreprocessOutcome o = preprocessing.preprocess(t1, Contrast.T1W, target);
    assertTrue(o.accepted(), o.reason().orElse(""));
    assertTrue(o.refusal().isEmpty() && o.reason().isEmpty());
    assertEquals(target, o.artefacts().orElseThrow());
    Volume input = NiftiReader.read(o.input());
    assertEquals(List.of(96, 108, 96), List.of(input.nx(), input.ny(), input.nz()));
    assertTrue(o.qc().orElseThrow().mutualInformation() > 0.45, o.qc().toString());
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertEquals(1, left.count(), "no scratch directory is left beside the artefacts");
    }
  }

  @Test
  void aSeriesThatIsNotOneVolumeIsRefusedAtConversion() throws IOException {
    DicomSeries gap = series(SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(3, 3, 3)
        .degrade(Degradation.MISSING_SLICES).build(), "gap");
    Path target = dir.resolve("gap-out");
    PreprocessOutcome o = preprocessing.preprocess(gap, Contrast.T2W, target);
    assertFalse(o.accepted());
    PreprocessRefusal r = o.refusal().orElseThrow();
    assertEquals(PreprocessRefusal.Stage.CONVERSION, r.stage());
    assertEquals("MISSING_SLICES", r.code());
    assertTrue(o.reason().orElseThrow().startsWith("conversion: MISSING_SLICES"), o.reason().toString());
    assertTrue(o.qc().isEmpty() && o.artefacts().isEmpty());
    assertFalse(Files.exists(target));
  }

  @Test
  void aScanOfNoiseIsRefusedByQcWithItsNumbers() throws IOException {
    DicomSeries noise = series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2)
        .degrade(Degradation.NOISE).snr(1).build(), "noise");
    PreprocessOutcome o = preprocessing.preprocess(noise, Contrast.T1W, dir.resolve("noise-out"));
    assertFalse(o.accepted());
    PreprocessRefusal r = o.refusal().orElseThrow();
    assertEquals(PreprocessRefusal.Stage.QC, r.stage(), r.reason());
    assertEquals(PreprocessRefusal.QC_BELOW_THRESHOLD, r.code());
    assertTrue(r.reason().startsWith("QC: "), r.reason());
    assertTrue(o.qc().isPresent(), "a QC refusal keeps its numbers");
  }

  private DicomSeries series(SeriesSpec spec, String name) throws IOException {
    Path d = FixtureGenerator.write(spec, dir.resolve(name)).directory();
    return DirectoryScan.of(d).series().get(0);
  }
}
