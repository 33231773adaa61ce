package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.InvalidInputException;
import org.neurojepa.preprocessing.PreprocessResult;
import org.neurojepa.preprocessing.Preprocessor;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.convert.ConversionException;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.SeriesConverter;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.series.Classification;
import org.neurojepa.preprocessing.series.SeriesClassifier;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurojepa preprocess}: one series or NIfTI to the registered volume, mask and model input. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Bias correction, affine registration to the template, brain mask, model input and QC for one",
      "series (a DICOM folder) or one NIfTI volume. Writes registered.nii.gz, mask.nii.gz,",
      "mask_native.nii.gz, input.nii.gz and preprocess.json into OUTDIR.",
      "Exit status: 0 accepted, 2 nothing to do (no or several series), 3 refused input,",
      "4 rejected by QC (artefacts still written; the numbers are in preprocess.json)."
    })
public final class PreprocessCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR|IN.nii.gz", description = "A DICOM series folder or a NIfTI volume.")
  Path source;

  @Parameters(index = "1", paramLabel = "OUTDIR", description = "Folder for the artefacts (created).")
  Path outDir;

  @Option(names = "--contrast", description = "T1W, T2W or FLAIR; default: classified from the DICOM headers "
      + "(required for NIfTI input).")
  Contrast contrast;

  @Option(names = "--template",
      description = "Template image (default: Colin27, /usr/share/mricron/templates/ch2.nii.gz).")
  Path template;

  @Option(names = "--template-mask", description = "Brain mask of the template (non-zero = brain; default: ch2bet.nii.gz).")
  Path templateMask;

  @Option(names = "--template-contrast", defaultValue = "T1W",
      description = "Contrast of the template (default ${DEFAULT-VALUE}).")
  Contrast templateContrast;

  @Mixin SeriesChoice choice;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Volume volume;
    Contrast chosen = contrast;
    try {
      if (Files.isDirectory(source)) {
        Optional<DicomSeries> series = choice.choose(source, err);
        if (series.isEmpty()) {
          return 2;
        }
        if (chosen == null) {
          Classification c = new SeriesClassifier().classify(series.get());
          if (!c.isAccepted()) {
            err.println("series not preprocessed: " + c.rejection().orElseThrow() + ": " + c.explanation()
                + " (give --contrast to override)");
            err.flush();
            return 3;
          }
          chosen = toContrast(c.type());
          out.println("classified as " + c.type().label() + " (confidence " + c.confidence() + ")");
        }
        volume = new SeriesConverter().convert(series.get());
      } else {
        if (chosen == null) {
          err.println("--contrast is required for a NIfTI input");
          err.flush();
          return 2;
        }
        volume = NiftiReader.read(source);
      }
      if ((template == null) != (templateMask == null)) {
        err.println("--template and --template-mask go together");
        err.flush();
        return 2;
      }
      Template t = template == null ? Template.colin27()
          : Template.load(template.getFileName().toString(), template, templateMask, templateContrast);
      PreprocessResult result =
          new Preprocessor(PreprocessorSettings.builder(t).build()).process(volume, chosen, outDir);
      for (Map.Entry<String, Double> step : result.millis().entrySet()) {
        out.printf(Locale.ROOT, "  %-14s %8.0f ms%n", step.getKey(), step.getValue());
      }
      out.println("QC: " + (result.qc().accepted() ? "accepted" : "rejected") + " — " + result.qc().reason());
      out.println("wrote " + outDir.toAbsolutePath());
      out.flush();
      return result.qc().accepted() ? 0 : 4;
    } catch (ConversionException | InvalidInputException e) {
      err.println("refused: " + e.getMessage());
      err.flush();
      return 3;
    }
  }

  private static Contrast toContrast(SequenceType type) {
    return switch (type) {
      case T1W -> Contrast.T1W;
      case T2W -> Contrast.T2W;
      case FLAIR -> Contrast.FLAIR;
      case REJECTED -> throw new IllegalArgumentException("a rejected series has no contrast");
    };
  }
}
