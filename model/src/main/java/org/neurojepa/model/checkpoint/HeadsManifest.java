package org.neurojepa.model.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * The JSON file next to a findings-heads checkpoint: one attentive probe per label, trained on the
 * tokens of one encoder version. Heads are only meaningful on the features of the encoder they were
 * trained on, so that encoder's version and weights hash are part of the manifest and checked when
 * heads are attached to an encoder.
 *
 * @param format always {@value #FORMAT}
 * @param headsVersion the version name of these heads
 * @param labels the labels, in the order of the probes
 * @param probeDepth attentive-probe depth (1 = cross-attention only)
 * @param probeHeads attention heads of each probe
 * @param embedDim the encoder's token width
 * @param layerNormEps the probes' LayerNorm epsilon
 * @param encoderVersion the encoder version the probes were trained on
 * @param encoderWeightsSha256 that encoder's weights hash ("" for an untrained, seeded encoder)
 * @param sequences the sequence types (T1w, T2w, FLAIR) the heads were trained on
 * @param operatingPoints per label, the probability at or above which a finding is called positive
 * @param weightsFile the safetensors file name, relative to the manifest
 * @param weightsSha256 lower-case hex SHA-256 of the weights file
 * @param trainingData what the heads were trained on (dataset manifest hash, labels, settings)
 */
public record HeadsManifest(
    String format,
    String headsVersion,
    List<String> labels,
    int probeDepth,
    int probeHeads,
    int embedDim,
    double layerNormEps,
    String encoderVersion,
    String encoderWeightsSha256,
    List<String> sequences,
    Map<String, Double> operatingPoints,
    String weightsFile,
    String weightsSha256,
    String trainingData) {
  public static final String FORMAT = "neurojepa-heads/1";

  public HeadsManifest {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("unsupported heads format '" + format + "', expected " + FORMAT);
    }
    if (headsVersion == null || headsVersion.isBlank()) {
      throw new IllegalArgumentException("headsVersion is required");
    }
    if (labels == null || labels.isEmpty() || labels.stream().anyMatch(l -> l == null || l.isBlank())) {
      throw new IllegalArgumentException("labels must be a non-empty list of names");
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("labels must be distinct: " + labels);
    }
    if (probeDepth < 1 || probeHeads < 1 || embedDim < 1 || embedDim % probeHeads != 0 || !(layerNormEps > 0)) {
      throw new IllegalArgumentException("probe depth, heads, width and eps must be positive, heads dividing width");
    }
    if (encoderVersion == null || encoderVersion.isBlank()) {
      throw new IllegalArgumentException("encoderVersion is required");
    }
    encoderWeightsSha256 = encoderWeightsSha256 == null ? "" : encoderWeightsSha256;
    sequences = sequences == null ? List.of() : List.copyOf(sequences);
    operatingPoints = operatingPoints == null ? Map.of() : Map.copyOf(operatingPoints);
    for (String label : operatingPoints.keySet()) {
      double t = operatingPoints.get(label);
      if (!labels.contains(label) || !(t >= 0 && t <= 1)) {
        throw new IllegalArgumentException("operating point " + label + "=" + t + " is not a label's probability");
      }
    }
    if (weightsFile == null || weightsFile.isBlank() || weightsFile.contains("/") || weightsFile.contains("\\")) {
      throw new IllegalArgumentException("weightsFile must be a plain file name, was '" + weightsFile + "'");
    }
    if (weightsSha256 == null || !weightsSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("weightsSha256 must be 64 lower-case hex digits");
    }
    trainingData = trainingData == null ? "" : trainingData;
    labels = List.copyOf(labels);
  }

  /** The operating point of {@code label}: the stored one, or 0.5. */
  public double operatingPoint(String label) {
    return operatingPoints.getOrDefault(label, 0.5);
  }
}
