package org.neurojepa.training.registry;

import java.time.Instant;
import java.util.List;

/**
 * A registered model version as {@code version.json} describes it: which encoder and heads it is,
 * where they came from, and what they measured.
 *
 * @param id the version's name: encoder version + heads version, so the same weights get the same name
 * @param createdAt when it was registered
 * @param encoderVersion the encoder's version (what every result reports)
 * @param encoderWeightsSha256 the encoder weights' hash ("" for an untrained, seeded encoder)
 * @param encoder where the encoder comes from
 * @param parentVersion the encoder version a fine-tuned encoder started from, or the encoder itself
 * @param headsVersion the findings heads' version
 * @param labels the labels the heads report
 * @param sequences the sequence types the heads were trained on
 * @param datasetSha256 hash of the training dataset's manifest
 * @param trainedOn the training run's own account of data and settings
 * @param bestValidationAuroc the validation mean AUROC of the chosen epoch
 * @param evaluation the test evaluation's figures, or null before {@code evaluate}
 * @param validated whether a person marked this version clinically validated (reports then become final)
 */
public record ModelVersionRecord(
    String id, Instant createdAt, String encoderVersion, String encoderWeightsSha256, EncoderSource encoder,
    String parentVersion, String headsVersion, List<String> labels, List<String> sequences, String datasetSha256,
    String trainedOn, double bestValidationAuroc, Evaluation evaluation, boolean validated) {

  /** The figures of the version's evaluation. */
  public record Evaluation(String split, double meanAuroc, double minAuroc, double meanAuprc, int unevaluated, int scans,
      String datasetSha256, Instant evaluatedAt) {}

  public ModelVersionRecord {
    labels = List.copyOf(labels);
    sequences = List.copyOf(sequences);
  }

  ModelVersionRecord withEvaluation(Evaluation e) {
    return new ModelVersionRecord(id, createdAt, encoderVersion, encoderWeightsSha256, encoder, parentVersion,
        headsVersion, labels, sequences, datasetSha256, trainedOn, bestValidationAuroc, e, validated);
  }

  ModelVersionRecord withValidated(boolean v) {
    return new ModelVersionRecord(id, createdAt, encoderVersion, encoderWeightsSha256, encoder, parentVersion,
        headsVersion, labels, sequences, datasetSha256, trainedOn, bestValidationAuroc, evaluation, v);
  }
}
