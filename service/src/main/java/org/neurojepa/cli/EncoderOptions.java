package org.neurojepa.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.service.pipeline.AnalysisComponents;
import org.neurojepa.training.registry.EncoderSource;
import picocli.CommandLine.Option;

/** Which encoder a training or evaluation command runs: a checkpoint, the released weights, or a seeded untrained one. */
final class EncoderOptions {
  @Option(names = "--weights", paramLabel = "PATH",
      description = "Our checkpoint directory (with neurojepa.json) or the released model.safetensors. "
          + "Without it the encoder is untrained, made from --seed.")
  Path weights;

  @Option(names = "--variant", defaultValue = "base",
      description = "Architecture of released or untrained weights: tiny or base (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of an untrained encoder (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--device", defaultValue = "AUTO", description = "AUTO, CPU or GPU (default: ${DEFAULT-VALUE}).")
  InferenceEngine.DevicePreference device;

  @Option(names = "--threads", defaultValue = "0", description = "CPU intra-op threads, 0 = PyTorch's default.")
  int threads;

  InferenceEngine.Builder builder() throws IOException {
    return AnalysisComponents.engineBuilder(variant, weights, seed, device, threads);
  }

  EncoderSource source() {
    return weights == null ? EncoderSource.untrained(variant, seed) : EncoderSource.of(weights, variant);
  }
}
