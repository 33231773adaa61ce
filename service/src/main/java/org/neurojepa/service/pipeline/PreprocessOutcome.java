package org.neurojepa.service.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurojepa.preprocessing.qc.QcMetrics;

/**
 * What preprocessing decided for one series. A refusal (unconvertible series, unusable volume,
 * QC below threshold) is an outcome with its reason, not an error: the job that produced it is done.
 *
 * @param qc the QC numbers when registration ran (also for a QC rejection)
 * @param artefacts the directory with registered.nii.gz, mask.nii.gz, input.nii.gz and preprocess.json
 * @param millis per-step wall time
 */
public record PreprocessOutcome(
    boolean accepted, Optional<String> reason, Optional<QcMetrics> qc, Optional<Path> artefacts,
    Map<String, Double> millis) {

  public PreprocessOutcome {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(qc, "qc");
    Objects.requireNonNull(artefacts, "artefacts");
    millis = Map.copyOf(millis);
    if (accepted == reason.isPresent()) {
      throw new IllegalArgumentException("an accepted series has no refusal reason, a refused one has one");
    }
  }

  public static PreprocessOutcome refused(String reason) {
    return new PreprocessOutcome(false, Optional.of(reason), Optional.empty(), Optional.empty(), Map.of());
  }

  /** The model input written by preprocessing. */
  public Path input() {
    return artefacts.orElseThrow(() -> new IllegalStateException("no artefacts: " + reason.orElse("")))
        .resolve(org.neurojepa.preprocessing.Preprocessor.INPUT);
  }
}
