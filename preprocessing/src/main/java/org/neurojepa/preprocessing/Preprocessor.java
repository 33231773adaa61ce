package org.neurojepa.preprocessing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurojepa.preprocessing.bias.BiasFieldCorrector;
import org.neurojepa.preprocessing.input.ModelInput;
import org.neurojepa.preprocessing.input.ModelInputRecipe;
import org.neurojepa.preprocessing.mask.BrainMask;
import org.neurojepa.preprocessing.nifti.CoordinateSpace;
import org.neurojepa.preprocessing.nifti.DataType;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.qc.QcMetrics;
import org.neurojepa.preprocessing.qc.QcResult;
import org.neurojepa.preprocessing.qc.QualityControl;
import org.neurojepa.preprocessing.registration.AffineRegistration;
import org.neurojepa.preprocessing.registration.Interpolation;
import org.neurojepa.preprocessing.registration.RegistrationResult;
import org.neurojepa.preprocessing.registration.Resampler;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * One scan from its native volume to the encoder's input, in order: checks → bias-field
 * correction → affine registration to the template → cubic B-spline resampling onto the
 * template's 1 mm grid → brain mask (template's, and carried back) → model input → QC → files.
 * Each step is timed. Writes {@code registered.nii.gz}, {@code mask.nii.gz} (template grid),
 * {@code mask_native.nii.gz} (subject grid), {@code input.nii.gz} (96×108×96) and
 * {@code preprocess.json}.
 */
public final class Preprocessor {
  public static final String REGISTERED = "registered.nii.gz";
  public static final String MASK = "mask.nii.gz";
  public static final String NATIVE_MASK = "mask_native.nii.gz";
  public static final String INPUT = "input.nii.gz";
  public static final String REPORT = "preprocess.json";

  private final PreprocessorSettings settings;
  private final BiasFieldCorrector biasCorrector;

  public Preprocessor(PreprocessorSettings settings) {
    this.settings = settings;
    this.biasCorrector = new BiasFieldCorrector(settings.bias());
  }

  /** Runs every step; QC rejection is in the result (artefacts still written), bad input throws {@link InvalidInputException}. */
  public PreprocessResult process(Volume subject, Contrast contrast, Path directory) throws IOException {
    Map<String, Double> millis = new LinkedHashMap<>();
    Template template = settings.template();
    timed(millis, "checks", () -> {
      VolumeChecks.requireUsable(subject, "subject", 8);
      return null;
    });
    Volume finite = VolumeChecks.finite(subject);
    Volume corrected = settings.biasCorrection()
        ? timed(millis, "bias", () -> biasCorrector.correct(finite).corrected()) : finite;
    RegistrationResult reg = timed(millis, "registration",
        () -> AffineRegistration.register(corrected, template.image(), settings.registration(contrast)));
    Volume registered = timed(millis, "resample",
        () -> Resampler.resample(corrected, reg.subjectToTemplate(), template.image(), Interpolation.CUBIC_BSPLINE));
    Volume mask = template.brainMask();
    Volume nativeMask = timed(millis, "mask", () -> BrainMask.carryBack(mask, reg.subjectToTemplate(), finite));
    ModelInput input = timed(millis, "input", () -> ModelInputRecipe.prepare(BrainMask.apply(registered, mask)));
    QcResult qc = timed(millis, "qc", () -> {
      QcMetrics m = QualityControl.measure(registered, template.image(), mask);
      return QualityControl.evaluate(m, settings.qc(contrast));
    });
    long start = System.nanoTime();
    Files.createDirectories(directory);
    List<Runnable> writes = new ArrayList<>();
    writes.add(() -> write(registered, directory.resolve(REGISTERED), DataType.FLOAT32, CoordinateSpace.MNI_152));
    writes.add(() -> write(mask, directory.resolve(MASK), DataType.UINT8, CoordinateSpace.MNI_152));
    writes.add(() -> write(nativeMask, directory.resolve(NATIVE_MASK), DataType.UINT8, CoordinateSpace.SCANNER_ANAT));
    writes.add(() -> write(input.volume(), directory.resolve(INPUT), DataType.FLOAT32, CoordinateSpace.MNI_152));
    try {
      writes.parallelStream().forEach(Runnable::run);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    millis.put("write", (System.nanoTime() - start) / 1e6);
    PreprocessResult result = new PreprocessResult(contrast, reg, registered, mask, nativeMask, input, qc, millis, directory);
    writeReport(result, template, directory.resolve(REPORT));
    return result;
  }

  private static void write(Volume v, Path file, DataType type, CoordinateSpace space) {
    try {
      NiftiWriter.write(v, file, type, space);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  private static <T> T timed(Map<String, Double> millis, String step, Supplier<T> work) {
    long start = System.nanoTime();
    T value = work.get();
    millis.put(step, (System.nanoTime() - start) / 1e6);
    return value;
  }

  private static void writeReport(PreprocessResult r, Template template, Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sequenceType", r.contrast().name());
    json.put("template", template.name());
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("metric", r.registration().metric().name());
    double[] m = r.registration().subjectToTemplate().toArray();
    List<double[]> rows = List.of(
        new double[] {m[0], m[1], m[2], m[3]}, new double[] {m[4], m[5], m[6], m[7]},
        new double[] {m[8], m[9], m[10], m[11]}, new double[] {0, 0, 0, 1});
    registration.put("subjectWorldRasToTemplateWorldRas", rows);
    registration.put("cost", r.registration().cost());
    registration.put("levels", r.registration().levels());
    json.put("registration", registration);
    Map<String, Object> qc = new LinkedHashMap<>();
    qc.put("accepted", r.qc().accepted());
    qc.put("mutualInformation", r.qc().metrics().mutualInformation());
    qc.put("psnrDb", r.qc().metrics().psnrDb());
    qc.put("pearson", r.qc().metrics().pearson());
    Map<String, Object> thresholds = new LinkedHashMap<>();
    thresholds.put("minMutualInformation", finiteOrNull(r.qc().thresholds().minMutualInformation()));
    thresholds.put("minPsnrDb", finiteOrNull(r.qc().thresholds().minPsnrDb()));
    thresholds.put("minPearson", finiteOrNull(r.qc().thresholds().minPearson()));
    qc.put("thresholds", thresholds);
    if (!r.qc().accepted()) {
      qc.put("reason", r.qc().reason());
    }
    json.put("qc", qc);
    json.put("millis", r.millis());
    json.put("files", List.of(REGISTERED, MASK, NATIVE_MASK, INPUT));
    json.put("inputShapeDhw", List.of(ModelInput.D, ModelInput.H, ModelInput.W));
    Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
