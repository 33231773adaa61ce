package org.neurojepa.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.registration.AffineRegistration;
import org.neurojepa.preprocessing.registration.RegistrationOptions;
import org.neurojepa.preprocessing.registration.RegistrationResult;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.testing.BenchFigures;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.junit.ExternalProcess;

/**
 * Our affine registration against elastix 5 (3 resolutions, affine, Mattes MI, run as a process on
 * 2 threads) on the same generated case in the same run, and the full preprocess of a 1 mm T1
 * with its per-step times. Writes preprocess.txt.
 */
@Tag("bench")
class PreprocessBench {
  @TempDir Path dir;

  static final String ELASTIX_PARAMETERS = """
      (FixedInternalImagePixelType "float")
      (MovingInternalImagePixelType "float")
      (FixedImageDimension 3)
      (MovingImageDimension 3)
      (UseDirectionCosines "true")
      (Registration "MultiResolutionRegistration")
      (Interpolator "LinearInterpolator")
      (ResampleInterpolator "FinalBSplineInterpolator")
      (Resampler "DefaultResampler")
      (FixedImagePyramid "FixedSmoothingImagePyramid")
      (MovingImagePyramid "MovingSmoothingImagePyramid")
      (Optimizer "AdaptiveStochasticGradientDescent")
      (Transform "AffineTransform")
      (Metric "AdvancedMattesMutualInformation")
      (AutomaticScalesEstimation "true")
      (AutomaticTransformInitialization "true")
      (AutomaticTransformInitializationMethod "CenterOfGravity")
      (HowToCombineTransforms "Compose")
      (NumberOfHistogramBins 32)
      (NumberOfResolutions 3)
      (ImagePyramidSchedule 4 4 4 2 2 2 1 1 1)
      (MaximumNumberOfIterations 250)
      (NumberOfSpatialSamples 2048)
      (NewSamplesEveryIteration "true")
      (ImageSampler "RandomCoordinate")
      (BSplineInterpolationOrder 1)
      (FinalBSplineInterpolationOrder 3)
      (DefaultPixelValue 0)
      (WriteResultImage "false")
      (ResultImagePixelType "float")
      (ResultImageFormat "nii.gz")
      """;

  @Test
  void registrationAgainstElastixAndFullPreprocess() throws IOException {
    Template template = Template.colin27();
    Affine truth = SyntheticScan.transform(12, -9, 14, 11, -16, 9, 1.06);
    Affine grid = SyntheticScan.grid(truth, 176, 208, 176, 1, 1, 1);
    Volume subject = SyntheticScan.noise(SyntheticScan.bias(SyntheticScan.make(truth, 176, 208, 176, grid), 0.3), 3, 11);
    Path moving = dir.resolve("moving.nii.gz");
    NiftiWriter.write(subject, moving);
    BenchFigures f = new BenchFigures("preprocess");
    f.put("preprocess.load_average_1min_at_start", loadAverage());

    // Ours: warm up once (JIT), then the median of three timed runs.
    AffineRegistration.register(subject, template.image(), RegistrationOptions.defaults());
    double[] ms = new double[3];
    RegistrationResult ours = null;
    for (int k = 0; k < 3; k++) {
      long t0 = System.nanoTime();
      ours = AffineRegistration.register(subject, template.image(), RegistrationOptions.defaults());
      ms[k] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    double[] oursError = SyntheticScan.pointError(ours.subjectToTemplate(), truth);
    RegistrationOptions miOptions =
        RegistrationOptions.defaults().withMetric(org.neurojepa.preprocessing.registration.Metric.MUTUAL_INFORMATION);
    double[] miMs = new double[3];
    RegistrationResult mi = null;
    for (int k = 0; k < 3; k++) {
      long t0 = System.nanoTime();
      mi = AffineRegistration.register(subject, template.image(), miOptions);
      miMs[k] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(miMs);
    double[] miError = SyntheticScan.pointError(mi.subjectToTemplate(), truth);

    // elastix, same case, same run.
    Path params = dir.resolve("affine.txt");
    Files.writeString(params, ELASTIX_PARAMETERS);
    Path out = Files.createDirectories(dir.resolve("elastix"));
    long t0 = System.nanoTime();
    int rc;
    try (ExternalProcess p = ExternalProcess.start("elastix", List.of("elastix", "-f", Template.COLIN27_IMAGE.toString(),
        "-m", moving.toString(), "-p", params.toString(), "-out", out.toString(), "-threads", "2"), dir)) {
      rc = p.waitFor(Duration.ofMinutes(10));
      assertEquals(0, rc, p.output());
    }
    double elastixMs = (System.nanoTime() - t0) / 1e6;
    Affine elastix = elastixSubjectToTemplate(Files.readString(out.resolve("TransformParameters.0.txt")));
    double[] elastixError = SyntheticScan.pointError(elastix, truth);

    f.put("preprocess.registration.ours_cr_ms_median_of_3", ms[1]);
    f.put("preprocess.registration.ours_cr_mean_error_mm", oursError[0]);
    f.put("preprocess.registration.ours_cr_max_error_mm", oursError[1]);
    f.put("preprocess.registration.ours_mi_ms_median_of_3", miMs[1]);
    f.put("preprocess.registration.ours_mi_mean_error_mm", miError[0]);
    f.put("preprocess.registration.ours_mi_max_error_mm", miError[1]);
    f.put("preprocess.registration.elastix_ms", elastixMs);
    f.put("preprocess.registration.elastix_mean_error_mm", elastixError[0]);
    f.put("preprocess.registration.elastix_max_error_mm", elastixError[1]);
    f.put("preprocess.registration.time_ratio_ours_cr_over_elastix", ms[1] / elastixMs);
    f.put("preprocess.registration.time_ratio_ours_mi_over_elastix", miMs[1] / elastixMs);

    // Full preprocess of the 1 mm T1 (in memory → files), warm JVM.
    Preprocessor pre = new Preprocessor(PreprocessorSettings.builder(template).build());
    pre.process(subject, Contrast.T1W, dir.resolve("warm"));
    int runs = 5;
    double[] full = new double[runs];
    Map<String, double[]> steps = new java.util.LinkedHashMap<>();
    for (int k = 0; k < runs; k++) {
      long p0 = System.nanoTime();
      PreprocessResult r = pre.process(subject, Contrast.T1W, dir.resolve("run" + k));
      full[k] = (System.nanoTime() - p0) / 1e6;
      for (Map.Entry<String, Double> e : r.millis().entrySet()) {
        steps.computeIfAbsent(e.getKey(), x -> new double[runs])[k] = e.getValue();
      }
    }
    f.put("preprocess.full_ms_median_of_5", median(full));
    f.put("preprocess.full_ms_min_of_5", Arrays.stream(full).min().orElseThrow());
    for (Map.Entry<String, double[]> e : steps.entrySet()) {
      f.put("preprocess.step." + e.getKey() + "_ms_median_of_5", median(e.getValue()));
    }
    double[] withoutWrite = new double[runs];
    for (int k = 0; k < runs; k++) {
      withoutWrite[k] = full[k] - steps.get("write")[k];
    }
    f.put("preprocess.full_without_write_ms_median_of_5", median(withoutWrite));
    f.put("preprocess.load_average_1min_at_end", loadAverage());
    f.write();
    assertTrue(oursError[0] <= 0.5 && oursError[1] <= 1.5, Arrays.toString(oursError));
  }

  /**
   * elastix's AffineTransform maps fixed (template) points to moving (subject) points in ITK's LPS
   * world: T(x) = A(x − c) + t + c. Ours is RAS and subject → template.
   */
  static Affine elastixSubjectToTemplate(String parameterFile) {
    double[] p = numbers(parameterFile, "TransformParameters");
    double[] c = numbers(parameterFile, "CenterOfRotationPoint");
    double[] a = Arrays.copyOf(p, 9);
    double[] t = {p[9], p[10], p[11]};
    double[] rows = new double[12];
    for (int r = 0; r < 3; r++) {
      double off = t[r] + c[r];
      for (int k = 0; k < 3; k++) {
        rows[4 * r + k] = a[3 * r + k];
        off -= a[3 * r + k] * c[k];
      }
      rows[4 * r + 3] = off;
    }
    Affine lps = Affine.ofRows(rows);
    Affine flip = Affine.scaling(-1, -1, 1);
    return flip.times(lps).times(flip).inverse();
  }

  private static double[] numbers(String text, String key) {
    Matcher m = Pattern.compile("\\(" + key + " ([^)]*)\\)").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in elastix output");
    }
    return Arrays.stream(m.group(1).trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
