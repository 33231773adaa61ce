package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.training.pretrain.PretrainData;
import org.neurojepa.training.pretrain.PretrainSettings;
import org.neurojepa.training.pretrain.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurojepa pretrain}: self-supervised Neuro-JEPA pretraining on CPU. */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description =
        "Pretrains a Neuro-JEPA encoder (context encoder, predictor, EMA target encoder, multiscale masks, "
            + "L1 loss on layer-normalised targets, AdamW, MoE load balancing) on the CPU. DATA is a dataset made by "
            + "`neurojepa harvest` (a directory with manifest.jsonl: its train split, each input's SHA-256 checked), "
            + "or a directory of preprocessed model inputs (.nii or .nii.gz of the model's input size). OUT receives metrics.csv (one row per step), loss_curve.png and "
            + "checkpoints/step-NNNNNNN/ (model.safetensors + neurojepa.json, loadable as a model checkpoint; "
            + "predictor, target encoder, optimiser state, trainer.json); checkpoints/latest names the newest. "
            + "Exit code 0 when the run finishes, 2 on bad input.")
public final class PretrainCommand implements Callable<Integer> {

  @Option(names = "--config", defaultValue = "tiny", description = "Model size: tiny or base (default ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "A harvested dataset (manifest.jsonl: its train split), or a directory of .nii/.nii.gz model inputs.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--steps", defaultValue = "1000", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", defaultValue = "4", description = "Scans per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, data order, augmentation and masks (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--checkpoint-every", defaultValue = "100", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--resume", description = "Continue from OUT/checkpoints/latest (same config, data order, seed, steps, batch).")
  boolean resume;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      NeuroJepaConfig c = NeuroJepaConfig.named(config);
      if (steps < 1 || batch < 1 || checkpointEvery < 0) {
        throw new IllegalArgumentException("--steps and --batch must be ≥ 1, --checkpoint-every ≥ 0");
      }
      PretrainSettings s = PretrainSettings.of(c, steps, batch, seed).withCheckpointEvery(checkpointEvery);
      PretrainData d = PretrainData.fromDirectory(data, s.config());
      Files.createDirectories(out);
      console.printf("pretraining %s on %s, %d steps × %d scans, seed %d → %s%n", c.name(), d.description(), steps,
          batch, seed, out);
      try (Pretrainer p = resume ? Pretrainer.resume(s, d, out) : Pretrainer.start(s, d, out)) {
        p.run(console);
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("pretrain: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
