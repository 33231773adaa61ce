package org.neurojepa.preprocessing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurojepa.preprocessing.qc.QcMetrics;

/**
 * What preprocessing decided for one series. A refusal (unconvertible series, unusable volume,
 * QC below threshold) is an outcome with its reason, not an error: the job that produced it is done.
 *
 * @param refusal why the series was refused; empty when accepted
 * @param qc the QC numbers when registration ran (also for a QC rejection)
 * @param artefacts the directory with registered.nii.gz, mask.nii.gz, input.nii.gz and preprocess.json
 * @param millis per-step wall time
 */
public record PreprocessOutcome(
    boolean accepted, Optional<PreprocessRefusal> refusal, Optional<QcMetrics> qc, Optional<Path> artefacts,
    Map<String, Double> millis) {

  public PreprocessOutcome {
    Objects.requireNonNull(refusal, "refusal");
    Objects.requireNonNull(qc, "qc");
    Objects.requireNonNull(artefacts, "artefacts");
    millis = Map.copyOf(millis);
    if (accepted == refusal.isPresent()) {
      throw new IllegalArgumentException("an accepted series has no refusal reason, a refused one has one");
    }
  }

  public static PreprocessOutcome refused(PreprocessRefusal refusal) {
    return new PreprocessOutcome(false, Optional.of(refusal), Optional.empty(), Optional.empty(), Map.of());
  }

  /** The refusal in words, starting with its stage; empty when accepted. */
  public Optional<String> reason() {
    return refusal.map(PreprocessRefusal::reason);
  }

  /** The model input written by preprocessing. */
  public Path input() {
    return artefacts.orElseThrow(() -> new IllegalStateException("no artefacts: " + reason().orElse("")))
        .resolve(Preprocessor.INPUT);
  }
}
