package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.heads.HeadSettings;
import org.neurojepa.training.heads.HeadTrainer;
import org.neurojepa.training.heads.LabelTable;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurojepa train-heads}: findings heads from labels, on a frozen or fine-tuned encoder. */
@Command(
    name = "train-heads",
    mixinStandardHelpOptions = true,
    description =
        "Trains findings heads (one attentive probe per label) on a dataset's training split, choosing the epoch "
            + "and each label's operating point on its validation split; the test split is left for evaluate. "
            + "LABELS is a CSV whose header is 'patient' (the dataset's pseudonymous key) or 'study_uid', then the label "
            + "names; values 1/0, true/false, yes/no, or empty for unknown. OUT receives heads/ (and encoder/ with "
            + "--fine-tune), metrics.csv and loss_curve.png; with --registry the result is registered as a model "
            + "version. Exit code 0 when trained, 2 on bad input.")
public final class TrainHeadsCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DATASET", description = "Dataset directory (manifest.jsonl).")
  Path data;

  @Mixin LabelOptions labels;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Mixin EncoderOptions encoder;

  @Option(names = "--registry", paramLabel = "DIR",
      description = "Register the result as a model version in this registry (the service's: <data-dir>/models).")
  Path registry;

  @Option(names = "--fine-tune", description = "Train the encoder with the heads (a new encoder version).")
  boolean fineTune;

  @Option(names = "--probe-depth", defaultValue = "1", description = "Probe depth (default ${DEFAULT-VALUE}).")
  int probeDepth;

  @Option(names = "--epochs", defaultValue = "100", description = "Epochs at most (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--patience", defaultValue = "25",
      description = "Stop after this many epochs without a better validation AUROC; 0 never (default ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--batch", defaultValue = "16", description = "Scans per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Heads' learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--encoder-lr", defaultValue = "1e-4",
      description = "Encoder's learning rate with --fine-tune (default ${DEFAULT-VALUE}).")
  double encoderLr;

  @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--few-shot", defaultValue = "0",
      description = "Learn each label from K positive and K negative training patients; 0 = all (default ${DEFAULT-VALUE}).")
  int fewShot;

  @Option(names = "--sequences", defaultValue = "T1w,T2w,FLAIR", split = ",",
      description = "Sequence types to train on (default ${DEFAULT-VALUE}).")
  List<String> sequences;

  @Option(names = "--training-seed", defaultValue = "0",
      description = "Seed of the heads' initialisation, batch order and few-shot draw (default ${DEFAULT-VALUE}).")
  long trainingSeed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      List<SequenceType> types = new ArrayList<>();
      for (String s : sequences) {
        types.add(SequenceType.ofLabel(s));
      }
      HeadSettings s = new HeadSettings(probeDepth, epochs, batch, lr, weightDecay, trainingSeed, fewShot, patience,
          types, fineTune, encoderLr);
      DatasetManifest d = DatasetManifest.read(data);
      LabelTable table = labels.read(data, console);
      HeadTrainer.Result r;
      try (InferenceEngine engine = encoder.builder().build()) {
        r = HeadTrainer.train(engine, d, table, s, out, console);
        if (registry != null) {
          ModelRegistry reg = ModelRegistry.open(registry);
          ModelVersionRecord v = reg.register(out, encoder.source(), encoder.weights, engine.version().id(),
              d.sha256(), r.bestValidationAuroc());
          console.printf("registered model version %s in %s%n", v.id(), reg.root());
        }
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      err.println("train-heads: " + e.getMessage());
      err.flush();
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("train-heads: interrupted");
      return 2;
    }
  }
}
