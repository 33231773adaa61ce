package org.neurojepa.model.checkpoint;

import org.neurojepa.model.NeuroJepaConfig;

/**
 * The JSON file next to a checkpoint's weights: what the weights are and how to check them.
 *
 * @param format always {@value #FORMAT}
 * @param modelVersion the version name reported with every result
 * @param architecture the model configuration, position convention included
 * @param weightsFile the safetensors file name, relative to the manifest
 * @param weightsSha256 lower-case hex SHA-256 of the weights file
 * @param trainingData free text: what the weights were trained on
 */
public record CheckpointManifest(
    String format,
    String modelVersion,
    NeuroJepaConfig architecture,
    String weightsFile,
    String weightsSha256,
    String trainingData) {
  public static final String FORMAT = "neurojepa-checkpoint/1";

  public CheckpointManifest {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("unsupported checkpoint format '" + format + "', expected " + FORMAT);
    }
    if (modelVersion == null || modelVersion.isBlank()) {
      throw new IllegalArgumentException("modelVersion is required");
    }
    if (architecture == null) {
      throw new IllegalArgumentException("architecture is required");
    }
    if (weightsFile == null || weightsFile.isBlank() || weightsFile.contains("/") || weightsFile.contains("\\")) {
      throw new IllegalArgumentException("weightsFile must be a plain file name, was '" + weightsFile + "'");
    }
    if (weightsSha256 == null || !weightsSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("weightsSha256 must be 64 lower-case hex digits");
    }
    trainingData = trainingData == null ? "" : trainingData;
  }
}
