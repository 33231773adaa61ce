package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurojepa.model.FlopCount;
import org.neurojepa.model.ModelVersion;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterCounts;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.checkpoint.CheckpointManifest;
import org.neurojepa.model.nn.Encoder;
import org.neurojepa.model.nn.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurojepa model-info}: the architecture, parameters per part, active parameters and FLOPs. */
@Command(name = "model-info", mixinStandardHelpOptions = true,
    description = "Prints the Neuro-JEPA encoder's architecture, parameter count per part, parameters "
        + "active per token and FLOPs per sequence. Counts come from shapes; no weights are loaded.")
public final class ModelInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--variant", defaultValue = "base", description = "Named size: base or tiny (default: ${DEFAULT-VALUE}).")
  String variant;

  @Option(names = "--checkpoint", description = "A checkpoint directory: its architecture and version are shown.")
  Path checkpoint;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of an untrained model (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NeuroJepaConfig c;
    ModelVersion version;
    try {
      if (checkpoint != null) {
        CheckpointManifest manifest = Checkpoint.readManifest(checkpoint);
        c = manifest.architecture();
        version = new ModelVersion(manifest.modelVersion(), manifest.weightsSha256());
      } else {
        c = NeuroJepaConfig.named(variant);
        version = ModelVersion.untrained(seed);
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("model-info: " + e.getMessage());
      return 2;
    }
    Encoder encoder = new Encoder(c);
    ParameterCounts counts = ParameterCounts.of(encoder);
    FlopCount flops = FlopCount.forward(c, c.numTokens());
    int hd = c.headDim();
    int f = encoder.rope().frequencies();
    out.printf(Locale.ROOT, "model            %s, version %s%s%n", c.name(), version.id(),
        version.isTrained() ? " (weights sha256 " + version.weightsSha256() + ")" : "");
    out.printf(Locale.ROOT, "input            %d×%d×%d, patch %d → grid %d×%d×%d = %d tokens%n",
        c.inputDepth(), c.inputHeight(), c.inputWidth(), c.patchSize(), c.gridDepth(), c.gridHeight(),
        c.gridWidth(), c.numTokens());
    out.printf(Locale.ROOT, "encoder          width %d, %d blocks, %d heads (head dim %d), RoPE %d/%d/%d + %d, positions %s%n",
        c.embedDim(), c.depth(), c.numHeads(), hd, 2 * f, 2 * f, 2 * f, hd - 6 * f, c.positions());
    out.printf(Locale.ROOT, "dense MLP        even blocks, %d→%d→%d%n", c.embedDim(), c.mlpHidden(), c.embedDim());
    out.printf(Locale.ROOT, "MoE              odd blocks, %d experts %d→%d→%d, top-%d, route scale %.1f, shared expert %d→%d→%d%n",
        c.numExperts(), c.embedDim(), c.expertHidden(), c.embedDim(), c.topK(), c.routeScale(), c.embedDim(),
        c.sharedExpertHidden(), c.embedDim());
    out.println("parameters per part:");
    for (Map.Entry<String, Long> e : counts.byPart().entrySet()) {
      out.printf(Locale.ROOT, "  %-20s %,15d%n", e.getKey(), e.getValue());
    }
    out.printf(Locale.ROOT, "  %-20s %,15d%n", "total", counts.total());
    out.printf(Locale.ROOT, "active per token   %,15d%n", counts.activePerToken());
    out.printf(Locale.ROOT, "FLOPs per sequence %,15.2f GFLOP (attention %.2f, dense MLP %.2f, MoE %.2f, patch %.2f)%n",
        flops.total() / 1e9, flops.attention() / 1e9, flops.denseMlp() / 1e9, flops.moe() / 1e9, flops.patchEmbed() / 1e9);
    out.printf(Locale.ROOT, "predictor        width %d, %d blocks, %d heads, %,d parameters (pretraining only)%n",
        c.predictorDim(), c.predictorDepth(), c.predictorHeads(), new Predictor(c).parameterCount());
    out.flush();
    return 0;
  }
}
