package org.neurojepa.preprocessing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.neurojepa.preprocessing.convert.ConversionException;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.SeriesConverter;
import org.neurojepa.preprocessing.registration.RegistrationException;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * One series from its DICOM files to the model input: conversion, then {@link Preprocessor} with
 * QC. The service's {@code preprocess} stage, {@code neurojepa analyze} and the training harvest
 * all call this class, so a model is trained on exactly the inputs it is later served.
 * Artefacts are written to a fresh directory beside the target and renamed into place, so a
 * re-run (after a crash) replaces a complete earlier result and never leaves a half-written one.
 */
public final class SeriesPreprocessing {
  private final Preprocessor preprocessor;
  private final SeriesConverter converter = new SeriesConverter();

  public SeriesPreprocessing(PreprocessorSettings settings) {
    this.preprocessor = new Preprocessor(settings);
  }

  /** Converts and preprocesses {@code series}; bad input is a refusal with its reason, I/O trouble throws. */
  public PreprocessOutcome preprocess(DicomSeries series, Contrast contrast, Path target) throws IOException {
    Volume volume;
    try {
      volume = converter.convert(series);
    } catch (ConversionException e) {
      return PreprocessOutcome.refused(new PreprocessRefusal(PreprocessRefusal.Stage.CONVERSION, e.reason().name(),
          "conversion: " + e.reason() + ": " + e.getMessage()));
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path scratch = parent.resolve("." + target.getFileName() + "-" + UUID.randomUUID() + ".part");
    PreprocessResult result;
    try {
      result = preprocessor.process(volume, contrast, scratch);
    } catch (InvalidInputException | RegistrationException e) {
      deleteTree(scratch);
      String code = e instanceof RegistrationException
          ? PreprocessRefusal.REGISTRATION_FAILED : PreprocessRefusal.INVALID_INPUT;
      return PreprocessOutcome.refused(
          new PreprocessRefusal(PreprocessRefusal.Stage.PREPROCESSING, code, "preprocessing: " + e.getMessage()));
    } catch (IOException | RuntimeException e) {
      deleteTree(scratch);
      throw e;
    }
    replace(scratch, target);
    return new PreprocessOutcome(result.qc().accepted(),
        result.qc().accepted() ? Optional.empty() : Optional.of(new PreprocessRefusal(
            PreprocessRefusal.Stage.QC, PreprocessRefusal.QC_BELOW_THRESHOLD, "QC: " + result.qc().reason())),
        Optional.of(result.qc().metrics()), Optional.of(target), result.millis());
  }

  /** Moves a finished directory into place; an earlier complete result is replaced. */
  private static void replace(Path scratch, Path target) throws IOException {
    try {
      Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // a previous run of the same generation finished: swap it out
    }
    Path old = target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID() + ".old");
    Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
