package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.neurojepa.preprocessing.convert.ConversionException;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.SeriesConverter;
import org.neurojepa.preprocessing.nifti.DataType;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurojepa convert DIR OUT.nii.gz}: one DICOM series to a NIfTI-1 volume. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Converts the DICOM series under DIR to a NIfTI-1 file (gzip when OUT ends in .gz) with sform",
      "and qform set; after reorientation to RAS it equals what dcm2niix writes. DIR must hold one",
      "series, or choose one with --series-uid / --series-number. A series that is not one regular",
      "volume is refused with its reason (exit code 3); nothing is written then."
    })
public final class ConvertCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of DICOM files.")
  Path dir;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output file, e.g. t1.nii.gz.")
  Path out;

  @Mixin SeriesChoice choice;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    return run(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Runs the plain form {@code convert DIR OUT} (two arguments, neither an option nor an
   * {@code @file}, DIR a directory) without picocli, as it runs with it; empty for any other
   * arguments, which picocli then parses. picocli's classes (Java 5 class files) cannot be
   * class-data shared, and building its model costs a fresh JVM ~70 ms, a third of a whole
   * conversion.
   */
  static OptionalInt runPlainForm(String[] args, PrintWriter stdout, PrintWriter err) {
    if (args.length != 3 || !"convert".equals(args[0]) || !plain(args[1]) || !plain(args[2])) {
      return OptionalInt.empty();
    }
    ConvertCommand command = new ConvertCommand();
    try {
      command.dir = Path.of(args[1]);
      command.out = Path.of(args[2]);
    } catch (InvalidPathException e) {
      return OptionalInt.empty();
    }
    if (!Files.isDirectory(command.dir)) {
      return OptionalInt.empty();
    }
    command.choice = new SeriesChoice();
    try {
      return OptionalInt.of(command.run(stdout, err));
    } catch (IOException | RuntimeException e) {
      // exit code 1 and the stack trace, as picocli gives them (there wrapped in its ExecutionException)
      e.printStackTrace(err);
      err.flush();
      return OptionalInt.of(1);
    }
  }

  private static boolean plain(String arg) {
    return !arg.isEmpty() && !arg.startsWith("-") && !arg.startsWith("@");
  }

  private int run(PrintWriter stdout, PrintWriter err) throws IOException {
    long start = System.nanoTime();
    Optional<DicomSeries> chosen = choice.choose(dir, err);
    if (chosen.isEmpty()) {
      return 2;
    }
    Volume volume;
    try {
      volume = new SeriesConverter().convert(chosen.get());
    } catch (ConversionException e) {
      err.println("cannot convert: " + e.getMessage());
      err.flush();
      return 3;
    }
    // int16 when every value is an integer that fits (as dcm2niix stores them), else float32
    DataType stored = NiftiWriter.writeExact(volume, out, DataType.INT16);
    double[] spacing = volume.spacing();
    stdout.printf(Locale.ROOT, "wrote %s: %d×%d×%d voxels of %.4g×%.4g×%.4g mm, %s, in %.0f ms%n", out,
        volume.nx(), volume.ny(), volume.nz(), spacing[0], spacing[1], spacing[2], stored,
        (System.nanoTime() - start) / 1e6);
    stdout.flush();
    return 0;
  }
}
