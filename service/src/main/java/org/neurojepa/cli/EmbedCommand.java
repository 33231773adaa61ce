package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.checkpoint.Safetensors;
import org.neurojepa.preprocessing.input.ModelInputFit;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurojepa embed}: encodes one preprocessed volume (RAS, [0,1], the model's input size) and
 * writes its token features and pooled vector as safetensors.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Encodes a preprocessed NIfTI volume (RAS, intensities in [0,1], 96×108×96 for base) "
        + "with Neuro-JEPA and writes 'features' [tokens×dim] and 'pooled' [dim] to a safetensors file.")
public final class EmbedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT", description = "Preprocessed volume (.nii or .nii.gz).")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .safetensors file.")
  Path out;

  @Option(names = "--weights", paramLabel = "PATH",
      description = "Our checkpoint directory (with neurojepa.json) or the released model.safetensors "
          + "(file or directory). Without it the model is untrained (seeded).")
  Path weights;

  @Option(names = "--variant", defaultValue = "base",
      description = "Architecture for released or untrained weights: base or tiny (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of an untrained model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--device", defaultValue = "AUTO", description = "AUTO, CPU or GPU (default: ${DEFAULT-VALUE}).")
  InferenceEngine.DevicePreference device;

  @Option(names = "--threads", defaultValue = "0", description = "CPU intra-op threads, 0 = PyTorch default.")
  int threads;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    InferenceEngine.Builder builder;
    NeuroJepaConfig c;
    try {
      builder = InferenceEngine.builder().config(NeuroJepaConfig.named(variant)).seed(seed).device(device)
          .cpuThreads(threads);
      if (weights != null) {
        builder.weights(weights);
      }
      c = builder.config();
    } catch (IOException | IllegalArgumentException e) {
      err.println("embed: " + e.getMessage());
      return 2;
    }
    Volume volume;
    try {
      volume = NiftiReader.read(input);
    } catch (IOException e) {
      err.println("embed: cannot read " + input + ": " + e.getMessage());
      return 2;
    }
    try {
      // the recipe's input serves every architecture whose input divides it, as in the service
      volume = ModelInputFit.fit(volume, c.inputDepth(), c.inputHeight(), c.inputWidth());
    } catch (IllegalArgumentException e) {
      err.printf("embed: %s: %s (%s)%n", input, e.getMessage(), c.name());
      err.flush();
      return 2;
    }
    try (InferenceEngine engine = builder.build()) {
      Embedding e = engine.embed(ModelInputFit.modelOrder(volume));
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      tensors.put("features", HostTensor.ofFloats(e.features(), e.tokens(), e.dim()));
      tensors.put("pooled", HostTensor.ofFloats(e.pooled(), e.dim()));
      Map<String, String> meta = new LinkedHashMap<>();
      meta.put("model_version", e.version().id());
      meta.put("weights_sha256", e.version().weightsSha256());
      meta.put("model", engine.config().name());
      meta.put("positions", engine.config().positions().name());
      meta.put("input", input.getFileName().toString());
      meta.put("device", engine.device().toString());
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Safetensors.write(out, tensors, meta);
      stdout.printf("embedded %s with %s on %s: %d tokens × %d → %s%n", input, e.version().id(), engine.device(),
          e.tokens(), e.dim(), out);
      stdout.flush();
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("embed: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("embed: interrupted");
      return 2;
    }
  }
}
