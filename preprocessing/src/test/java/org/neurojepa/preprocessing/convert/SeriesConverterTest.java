package org.neurojepa.preprocessing.convert;

import org.neurojepa.preprocessing.volume.RasReorientation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Series sampled from Colin27 by pydicom in several geometries, converted by us and by dcm2niix:
 * after both are reoriented to RAS the affines agree within 1e-3 mm and the voxels are identical.
 */
class SeriesConverterTest {
  @TempDir static Path work;

  static Stream<Arguments> geometries() {
    return Stream.of(
        Arguments.of("sagittal", spec("orientation", "sag")),
        Arguments.of("axial", spec("orientation", "ax")),
        Arguments.of("coronal", spec("orientation", "cor")),
        Arguments.of("oblique-sagittal-15deg", spec("orientation", "sag", "rotate_deg", 15.0, "rotate_axis", List.of(1, 1, 0))),
        Arguments.of("oblique-axial-15deg", spec("orientation", "ax", "rotate_deg", 15.0, "rotate_axis", List.of(1, 1, 0))),
        Arguments.of("anisotropic-axial", spec("orientation", "ax", "shape", List.of(96, 80, 30),
            "spacing", List.of(1.8, 2.3, 4.5))),
        Arguments.of("rescaled", spec("orientation", "cor", "slope", 0.5, "intercept", -100.0)),
        Arguments.of("enhanced-mr", spec("orientation", "sag", "multiframe", true, "rotate_deg", 15.0,
            "rotate_axis", List.of(1, 1, 0), "slope", 0.5, "intercept", -100.0)),
        Arguments.of("enhanced-mr-per-frame-groups", spec("orientation", "ax", "multiframe", true,
            "per_frame_rescale", true, "per_frame_orientation", true, "slope", 2.0, "intercept", 10.0,
            // dcm2niix v1.0.20220720 misplaces frames stored out of order when the orientation is
            // per frame (origin and voxel order both off); frame order is tested against the
            // generated geometry in enhancedFrameOrderDoesNotMatter instead.
            "shuffle_frames", false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("geometries")
  void matchesDcm2niixAfterReorientationToRas(String name, Map<String, Object> spec) throws Exception {
    GeneratedSeries series = GeneratedSeries.write(work, name, spec);
    Volume ours = new SeriesConverter().convertFiles(series.files());
    // From a scan that kept the pixel data (one read of each file): the same volume.
    DicomSeries scanned = DirectoryScan.withPixels(series.dir(), Long.MAX_VALUE).series().get(0);
    assertTrue(scanned.headers().stream().allMatch(h -> h.pixelData().isPresent()), name);
    Volume fromScan = new SeriesConverter().convert(scanned);
    assertArrayEquals(ours.voxels(), fromScan.voxels(), 0f, name);
    assertEquals(ours.voxelToWorld(), fromScan.voxelToWorld(), name);

    Affine truth = Affine.scaling(-1, -1, 1).times(series.lpsAffine());
    assertTrue(ours.voxelToWorld().maxAbsDifference(truth) < 1e-3,
        "our affine " + ours.voxelToWorld() + " differs from the generated geometry " + truth);

    Dcm2niixRun theirs = Dcm2niixRun.of(work, series.dir(), name);
    Volume oursRas = RasReorientation.toClosestRas(ours);
    Volume theirsRas = theirs.rasVolume();
    assertArrayEquals(new int[] {theirsRas.nx(), theirsRas.ny(), theirsRas.nz()},
        new int[] {oursRas.nx(), oursRas.ny(), oursRas.nz()}, "dimensions after reorientation to RAS");
    double diff = oursRas.voxelToWorld().maxAbsDifference(theirsRas.voxelToWorld());
    System.out.printf(java.util.Locale.ROOT, "%s: max |affine difference| vs dcm2niix = %.2e mm%n", name, diff);
    assertTrue(diff <= 1e-3, "affine " + oursRas.voxelToWorld() + " vs dcm2niix " + theirsRas.voxelToWorld());
    float[] a = oursRas.voxels(), b = theirsRas.voxels();
    int differing = 0;
    for (int p = 0; p < a.length; p++) {
      if (Float.compare(a[p], b[p]) != 0) {
        differing++;
      }
    }
    assertEquals(0, differing, differing + " of " + a.length + " voxels differ from dcm2niix");
    assertTrue(oursRas.voxelCount() > 0 && maxOf(a) > minOf(a), "volume is not constant");
  }

  @Test
  void rescaleSlopeAndInterceptGivePhysicalValues() throws Exception {
    GeneratedSeries plain = GeneratedSeries.write(work, "plain-synthetic", spec("source", "synthetic",
        "shape", List.of(20, 24, 18), "write_rescale", true));
    GeneratedSeries scaled = GeneratedSeries.write(work, "scaled-synthetic", spec("source", "synthetic",
        "shape", List.of(20, 24, 18), "slope", 0.25, "intercept", -7.0));
    Volume a = new SeriesConverter().convertFiles(plain.files());
    Volume b = new SeriesConverter().convertFiles(scaled.files());
    // The synthetic pattern is integral, so the stored values of the scaled series are (v + 7) / 0.25.
    assertArrayEquals(a.voxels(), b.voxels(), 0f);
  }

  @Test
  void enhancedFrameOrderDoesNotMatter() throws Exception {
    Map<String, Object> base = spec("orientation", "ax", "multiframe", true, "per_frame_rescale", true,
        "per_frame_orientation", true, "rotate_deg", 15.0, "rotate_axis", List.of(1, 1, 0), "shape", List.of(40, 44, 36));
    Map<String, Object> shuffled = new LinkedHashMap<>(base);
    shuffled.put("shuffle_frames", true);
    Map<String, Object> ordered = new LinkedHashMap<>(base);
    ordered.put("shuffle_frames", false);
    GeneratedSeries a = GeneratedSeries.write(work, "enhanced-shuffled", shuffled);
    GeneratedSeries b = GeneratedSeries.write(work, "enhanced-ordered", ordered);
    Volume va = new SeriesConverter().convertFiles(a.files());
    Volume vb = new SeriesConverter().convertFiles(b.files());
    Affine truth = Affine.scaling(-1, -1, 1).times(a.lpsAffine());
    assertTrue(va.voxelToWorld().maxAbsDifference(truth) < 1e-3, va.voxelToWorld() + " vs " + truth);
    assertTrue(vb.voxelToWorld().maxAbsDifference(truth) < 1e-3, vb.voxelToWorld() + " vs " + truth);
    assertArrayEquals(vb.voxels(), va.voxels(), 0f);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("drop_slice:7", ConversionException.Reason.MISSING_SLICES),
        Arguments.of("duplicate:5", ConversionException.Reason.DUPLICATE_POSITIONS),
        Arguments.of("mixed_orientation:4", ConversionException.Reason.MIXED_ORIENTATIONS),
        Arguments.of("two_echoes", ConversionException.Reason.MIXED_ECHOES),
        Arguments.of("two_time_points", ConversionException.Reason.MIXED_TIME_POINTS),
        Arguments.of("single_slice", ConversionException.Reason.SINGLE_SLICE),
        Arguments.of("different_size:3", ConversionException.Reason.MIXED_DIMENSIONS),
        Arguments.of("shift_slice:6", ConversionException.Reason.NON_UNIFORM_SPACING),
        Arguments.of("repeat_unlabelled", ConversionException.Reason.MIXED_TIME_POINTS),
        Arguments.of("shear", ConversionException.Reason.NOT_STACKED));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("refusals")
  void refusesSeriesThatAreNotOneRegularVolume(String fault, ConversionException.Reason reason) throws Exception {
    for (boolean multiframe : new boolean[] {false, true}) {
      if (multiframe && fault.startsWith("different_size")) {
        continue; // one Enhanced MR object cannot hold frames of different sizes
      }
      String name = "fault-" + fault.replace(':', '-') + (multiframe ? "-mf" : "");
      GeneratedSeries series = GeneratedSeries.write(work, name, spec("source", "synthetic",
          "shape", List.of(16, 20, 14), "faults", List.of(fault), "multiframe", multiframe, "rotate_deg", 10.0));
      ConversionException e = assertThrows(ConversionException.class,
          () -> new SeriesConverter().convertFiles(series.files()), name);
      assertEquals(reason, e.reason(), name + ": " + e.getMessage());
      // The header-only check used by classification gives the same answer.
      DirectoryScan scan = DirectoryScan.of(series.dir());
      assertEquals(1, scan.series().size());
      assertEquals(reason, SeriesConverter.geometryProblem(scan.series().get(0).headers()).orElseThrow().reason());
    }
  }

  @Test
  void fewerImagesThanImagesInAcquisitionAreMissingSlices() throws Exception {
    GeneratedSeries series = GeneratedSeries.write(work, "images-in-acquisition", spec("source", "synthetic",
        "shape", List.of(16, 20, 14), "header", Map.of("ImagesInAcquisition", 16)));
    ConversionException e = assertThrows(ConversionException.class,
        () -> new SeriesConverter().convertFiles(series.files()));
    assertEquals(ConversionException.Reason.MISSING_SLICES, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("16"), e.getMessage());
  }

  @Test
  void aMalformedOrCompressedFileInTheSeriesIsNamed() throws Exception {
    GeneratedSeries series = GeneratedSeries.write(work, "with-bad-file", spec("source", "synthetic",
        "shape", List.of(16, 20, 14)));
    List<Path> files = series.files();
    Path broken = files.get(3);
    byte[] bytes = java.nio.file.Files.readAllBytes(broken);
    java.nio.file.Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    ConversionException e = assertThrows(ConversionException.class, () -> new SeriesConverter().convertFiles(files));
    assertEquals(ConversionException.Reason.UNREADABLE_FILE, e.reason());
    assertTrue(e.getMessage().contains(broken.getFileName().toString()) && e.getMessage().contains("TRUNCATED"),
        e.getMessage());

    GeneratedSeries other = GeneratedSeries.write(work, "with-jpeg", spec("source", "synthetic",
        "shape", List.of(16, 20, 14)));
    List<Path> files2 = other.files();
    Path plain = files2.get(2);
    Path jpeg = plain.resolveSibling("jpeg.tmp");
    assertEquals(0, org.neurojepa.testkit.junit.ExternalProcess.run("dcmcjpeg",
        List.of("dcmcjpeg", "+e1", plain.toString(), jpeg.toString()), work, java.time.Duration.ofSeconds(30)));
    java.nio.file.Files.move(jpeg, plain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ConversionException e2 = assertThrows(ConversionException.class, () -> new SeriesConverter().convertFiles(files2));
    assertEquals(ConversionException.Reason.UNREADABLE_FILE, e2.reason());
    assertTrue(e2.getMessage().contains("JPEG Lossless"), e2.getMessage());
    // A scan that keeps pixel data keeps the header of the image it cannot decode, and the
    // conversion then refuses the series as reading its files does.
    DicomSeries scanned = DirectoryScan.withPixels(other.dir(), Long.MAX_VALUE).series().get(0);
    assertEquals(files2.size(), scanned.files().size());
    ConversionException fromScan = assertThrows(ConversionException.class, () -> new SeriesConverter().convert(scanned));
    assertEquals(e2.getMessage(), fromScan.getMessage());
    // Over its budget the scan keeps headers only.
    assertTrue(DirectoryScan.withPixels(other.dir(), 1000).series().get(0).headers().stream()
        .noneMatch(h -> h.pixelData().isPresent()));
  }

  static Map<String, Object> spec(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static float maxOf(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static float minOf(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float x : v) {
      m = Math.min(m, x);
    }
    return m;
  }
}
