package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;
import org.neurojepa.training.evaluate.EvaluationReport;
import org.neurojepa.training.evaluate.Evaluator;
import org.neurojepa.training.heads.LabelTable;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurojepa evaluate}: a model version's heads on a dataset split, AUROC/AUPRC with bootstrap CIs. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluates a registered model version (or, with --heads, heads outside the registry) on a dataset split, "
            + "the test split by default: AUROC and AUPRC per label with patient-level bootstrap confidence intervals, "
            + "sensitivity and specificity at each label's operating point. Writes evaluation.json, roc_curves.png "
            + "and predictions.csv into the version's evaluation/ folder (or --out) and records the figures with the "
            + "version, where promote reads them. Exit code 0 when evaluated, 2 on bad input.")
public final class EvaluateCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "Registered model version.")
  String version;

  @Mixin RegistryOption registry;

  @Option(names = "--heads", paramLabel = "DIR", description = "Heads outside the registry (with the encoder options).")
  Path heads;

  @Mixin EncoderOptions encoder;

  @Option(names = "--out", paramLabel = "DIR", description = "Where the evaluation goes with --heads.")
  Path out;

  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory (manifest.jsonl).")
  Path data;

  @Mixin LabelOptions labels;

  @Option(names = "--split", defaultValue = "test", description = "train, validation or test (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--bootstrap", defaultValue = "1000", description = "Bootstrap replicates (default ${DEFAULT-VALUE}).")
  int replicates;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      if ((version == null) == (heads == null)) {
        throw new IllegalArgumentException("name a registered VERSION or give --heads DIR (one of the two)");
      }
      if (heads != null && out == null) {
        throw new IllegalArgumentException("--heads needs --out DIR for the evaluation");
      }
      Evaluator.Settings settings = new Evaluator.Settings(Split.ofLabel(split), replicates, 0.95, 0);
      DatasetManifest d = DatasetManifest.read(data);
      LabelTable table = labels.read(data, console);
      if (version != null) {
        ModelRegistry reg = registry.open();
        ModelVersionRecord v = reg.get(version);
        Path dir = reg.dir(v.id());
        try (InferenceEngine engine = v.encoder().builder(dir.resolve("encoder")).build();
            FindingHeads h = FindingHeads.load(dir.resolve("heads"), engine.version())) {
          Evaluator.evaluate(engine, h, d, table, settings, reg.evaluationDir(v.id()), console);
        }
        ModelVersionRecord updated = reg.recordEvaluation(v.id());
        console.printf("recorded with %s: mean AUROC %.3f on %s%n", updated.id(), updated.evaluation().meanAuroc(),
            updated.evaluation().split());
      } else {
        try (InferenceEngine engine = encoder.builder().build();
            FindingHeads h = FindingHeads.load(heads, engine.version())) {
          EvaluationReport r = Evaluator.evaluate(engine, h, d, table, settings, out, console);
          console.printf("mean AUROC %.3f%n", r.meanAuroc());
        }
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("evaluate: " + e.getMessage());
      err.flush();
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("evaluate: interrupted");
      return 2;
    }
  }
}
