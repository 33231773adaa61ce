package org.neurojepa.preprocessing.convert;

import org.neurojepa.preprocessing.volume.RasReorientation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.fixtures.Degradation;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GroundTruth;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.SliceAlignment;
import org.neurojepa.testkit.fixtures.SliceOrientation;
import org.neurojepa.testkit.fixtures.SubjectPlacement;

/**
 * Series from the testkit's fixture generator (its own DICOM writer, ground truth in JSON):
 * our affine equals the ground truth's voxel→world RAS, and after reorientation to RAS our volume
 * equals dcm2niix's.
 */
class FixtureConversionTest {
  @TempDir static Path work;

  static Stream<Arguments> series() {
    SubjectPlacement tilted = SubjectPlacement.of(15, new double[] {1, 1, 0}, new double[] {3, -4, 5});
    return Stream.of(
        Arguments.of("t1w-sag", SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).build()),
        Arguments.of("t2w-ax", SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(2, 2, 3).build()),
        Arguments.of("flair-cor", SeriesSpec.builder().kind(SeriesKind.FLAIR).orientation(SliceOrientation.CORONAL)
            .voxelSize(2, 2, 4).build()),
        Arguments.of("t1w-oblique-subject-aligned", SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2)
            .placement(tilted).alignment(SliceAlignment.SUBJECT).build()),
        Arguments.of("t2w-scanner-aligned-tilted-head", SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(2, 2, 3)
            .placement(tilted).alignment(SliceAlignment.SCANNER).build()),
        Arguments.of("t1w-rescaled-noisy", SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2)
            .rescale(0.5, -100).degrade(Degradation.NOISE).degrade(Degradation.BIAS).build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("series")
  void equalsGroundTruthAndDcm2niix(String name, SeriesSpec spec) throws Exception {
    GeneratedSeries g = FixtureGenerator.write(spec, work.resolve(name));
    Volume ours = new SeriesConverter().convertFiles(g.files());
    GroundTruth.Stack stack = g.groundTruth().stacks().get(0);
    Affine truth = Affine.ofRows(flatten(stack.voxelToWorldRas()));
    assertArrayEquals(new int[] {stack.dims()[0], stack.dims()[1], stack.dims()[2]},
        new int[] {ours.nx(), ours.ny(), ours.nz()});
    assertTrue(ours.voxelToWorld().maxAbsDifference(truth) < 1e-3, ours.voxelToWorld() + " vs truth " + truth);

    Dcm2niixRun theirs = Dcm2niixRun.of(work, g.directory(), name);
    Volume a = RasReorientation.toClosestRas(ours);
    Volume b = theirs.rasVolume();
    assertArrayEquals(new int[] {b.nx(), b.ny(), b.nz()}, new int[] {a.nx(), a.ny(), a.nz()});
    double diff = a.voxelToWorld().maxAbsDifference(b.voxelToWorld());
    System.out.printf(java.util.Locale.ROOT, "%s: max |affine difference| vs dcm2niix = %.2e mm, vs truth = %.2e mm%n",
        name, diff, ours.voxelToWorld().maxAbsDifference(truth));
    assertTrue(diff <= 1e-3, a.voxelToWorld() + " vs dcm2niix " + b.voxelToWorld());
    assertArrayEquals(b.voxels(), a.voxels(), 0f, "voxels differ from dcm2niix");
  }

  @Test
  void refusesTheFixtureWithMissingSlices() throws Exception {
    GeneratedSeries g = FixtureGenerator.write(SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(3, 3, 3)
        .degrade(Degradation.MISSING_SLICES).build(), work.resolve("missing"));
    ConversionException e = assertThrows(ConversionException.class, () -> new SeriesConverter().convertFiles(g.files()));
    assertEquals(ConversionException.Reason.MISSING_SLICES, e.reason(), e.getMessage());
  }

  @Test
  void refusesTheLocalizerAndTheDiffusionSeries() throws Exception {
    GeneratedSeries loc = FixtureGenerator.write(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).build(),
        work.resolve("loc"));
    assertEquals(ConversionException.Reason.MIXED_ORIENTATIONS, assertThrows(ConversionException.class,
        () -> new SeriesConverter().convertFiles(loc.files())).reason());
    GeneratedSeries dwi = FixtureGenerator.write(SeriesSpec.builder().kind(SeriesKind.DWI).voxelSize(4, 4, 4).build(),
        work.resolve("dwi"));
    ConversionException e = assertThrows(ConversionException.class, () -> new SeriesConverter().convertFiles(dwi.files()));
    assertTrue(e.reason() == ConversionException.Reason.MIXED_TIME_POINTS
        || e.reason() == ConversionException.Reason.DUPLICATE_POSITIONS, e.getMessage());
  }

  private static double[] flatten(double[][] rows) {
    double[] m = new double[rows.length * 4];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, m, 4 * r, 4);
    }
    return m;
  }
}
