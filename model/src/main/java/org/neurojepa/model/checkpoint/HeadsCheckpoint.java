package org.neurojepa.model.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A findings-heads checkpoint: a directory with {@value #WEIGHTS} (float32 safetensors) and
 * {@value #MANIFEST} ({@link HeadsManifest}). Reading verifies the weights' SHA-256, so a changed or
 * damaged file is refused rather than loaded.
 */
public final class HeadsCheckpoint {
  public static final String WEIGHTS = "heads.safetensors";
  public static final String MANIFEST = "heads.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** A read heads checkpoint. */
  public record Contents(HeadsManifest manifest, Map<String, HostTensor> tensors) {}

  /** What a heads checkpoint says of itself, before its weights exist. */
  public record Description(
      String headsVersion, List<String> labels, int probeDepth, int probeHeads, int embedDim, double layerNormEps,
      String encoderVersion, String encoderWeightsSha256, List<String> sequences, Map<String, Double> operatingPoints,
      String trainingData) {}

  private HeadsCheckpoint() {}

  public static HeadsManifest write(Path dir, Description d, Map<String, HostTensor> tensors) throws IOException {
    Files.createDirectories(dir);
    Path weights = dir.resolve(WEIGHTS);
    Path partial = dir.resolve(WEIGHTS + ".partial");
    Safetensors.write(partial, tensors, Map.of("format", "pt", "neurojepa.heads_version", d.headsVersion()));
    Files.move(partial, weights, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    HeadsManifest manifest = new HeadsManifest(HeadsManifest.FORMAT, d.headsVersion(), d.labels(), d.probeDepth(),
        d.probeHeads(), d.embedDim(), d.layerNormEps(), d.encoderVersion(), d.encoderWeightsSha256(), d.sequences(),
        d.operatingPoints(), WEIGHTS, Checkpoint.sha256(weights), d.trainingData());
    Path tmp = dir.resolve(MANIFEST + ".partial");
    JSON.writeValue(tmp.toFile(), manifest);
    Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return manifest;
  }

  public static HeadsManifest readManifest(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("no heads manifest " + file);
    }
    try {
      return JSON.readValue(file.toFile(), HeadsManifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CorruptCheckpointException("invalid heads manifest " + file + ": " + e.getOriginalMessage());
    }
  }

  public static Contents read(Path dir) throws IOException {
    HeadsManifest manifest = readManifest(dir);
    Path weights = dir.resolve(manifest.weightsFile());
    if (!Files.isRegularFile(weights)) {
      throw new java.io.FileNotFoundException("no heads weights " + weights);
    }
    String actual = Checkpoint.sha256(weights);
    if (!actual.equals(manifest.weightsSha256())) {
      throw new CorruptCheckpointException(
          weights + " has SHA-256 " + actual + " but the manifest says " + manifest.weightsSha256());
    }
    return new Contents(manifest, Safetensors.read(weights).tensors());
  }
}
