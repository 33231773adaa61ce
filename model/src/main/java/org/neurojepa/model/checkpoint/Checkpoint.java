package org.neurojepa.model.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.neurojepa.model.ModelVersion;
import org.neurojepa.model.NeuroJepaConfig;

/**
 * Our checkpoint: a directory holding {@value #WEIGHTS} (float32/int64 safetensors, release key
 * names) and {@value #MANIFEST} ({@link CheckpointManifest}). Reading verifies the weights file's
 * SHA-256 against the manifest, so a modified or damaged file is refused.
 */
public final class Checkpoint {
  public static final String WEIGHTS = "model.safetensors";
  public static final String MANIFEST = "neurojepa.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** A read checkpoint: its manifest and tensors. */
  public record Contents(CheckpointManifest manifest, Map<String, HostTensor> tensors) {
    public NeuroJepaConfig config() {
      return manifest.architecture();
    }

    public ModelVersion version() {
      return new ModelVersion(manifest.modelVersion(), manifest.weightsSha256());
    }
  }

  private Checkpoint() {}

  public static CheckpointManifest write(
      Path dir, NeuroJepaConfig config, Map<String, HostTensor> tensors, String modelVersion, String trainingData)
      throws IOException {
    Files.createDirectories(dir);
    Path weights = dir.resolve(WEIGHTS);
    Safetensors.write(weights, tensors, Map.of("format", "pt", "neurojepa.model_version", modelVersion));
    CheckpointManifest manifest =
        new CheckpointManifest(
            CheckpointManifest.FORMAT, modelVersion, config, WEIGHTS, sha256(weights), trainingData);
    Path tmp = dir.resolve(MANIFEST + ".partial");
    JSON.writeValue(tmp.toFile(), manifest);
    Files.move(tmp, dir.resolve(MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return manifest;
  }

  public static CheckpointManifest readManifest(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("no checkpoint manifest " + file);
    }
    try {
      return JSON.readValue(file.toFile(), CheckpointManifest.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CorruptCheckpointException("invalid checkpoint manifest " + file + ": " + e.getOriginalMessage());
    }
  }

  public static Contents read(Path dir) throws IOException {
    CheckpointManifest manifest = readManifest(dir);
    Path weights = dir.resolve(manifest.weightsFile());
    String actual = sha256(weights);
    if (!actual.equals(manifest.weightsSha256())) {
      throw new CorruptCheckpointException(
          weights + " has SHA-256 " + actual + " but the manifest says " + manifest.weightsSha256());
    }
    return new Contents(manifest, Safetensors.read(weights).tensors());
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      byte[] buf = new byte[1 << 16];
      while (in.read(buf) >= 0) {
        // reading drives the digest
      }
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
