package org.neurojepa.training.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.checkpoint.Checkpoint;

/**
 * Where a model version's encoder comes from: a checkpoint of ours or the released weights (kept in
 * the version's {@code encoder/} folder), or a seeded untrained encoder of a named architecture
 * (nothing to keep: the seed makes it again).
 *
 * @param kind which of the three
 * @param variant the architecture of released or untrained weights (tiny, base); our checkpoints carry their own
 * @param seed the seed of an untrained encoder
 */
public record EncoderSource(Kind kind, String variant, long seed) {
  /** The three kinds of encoder. */
  public enum Kind {
    CHECKPOINT,
    RELEASED,
    UNTRAINED
  }

  public EncoderSource {
    if (kind == null) {
      throw new IllegalArgumentException("an encoder source needs a kind");
    }
    NeuroJepaConfig.named(variant); // refuses an unknown architecture now, not when the service starts
  }

  public static EncoderSource untrained(String variant, long seed) {
    return new EncoderSource(Kind.UNTRAINED, variant, seed);
  }

  /** The kind of the weights at {@code path}: our checkpoint directory, or the released safetensors. */
  public static EncoderSource of(Path path, String variant) {
    boolean ours = Files.isRegularFile(path.resolve(Checkpoint.MANIFEST));
    return new EncoderSource(ours ? Kind.CHECKPOINT : Kind.RELEASED, variant, 0);
  }

  /** An engine builder for this encoder, whose files (if any) are in {@code encoderDir}. */
  public InferenceEngine.Builder builder(Path encoderDir) throws IOException {
    InferenceEngine.Builder b = InferenceEngine.builder().config(NeuroJepaConfig.named(variant)).seed(seed);
    return kind == Kind.UNTRAINED ? b : b.weights(encoderDir);
  }
}
