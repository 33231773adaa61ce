package org.neurojepa.training.heads;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.ModelVersion;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.checkpoint.CheckpointManifest;
import org.neurojepa.model.checkpoint.HeadsCheckpoint;
import org.neurojepa.model.checkpoint.HeadsManifest;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Encoder;
import org.neurojepa.model.nn.MultiLabelHeads;
import org.neurojepa.model.nn.OwnedTensors;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;
import org.neurojepa.training.evaluate.BinaryMetrics;
import org.neurojepa.training.optim.AdamW;
import org.neurojepa.training.optim.NoGrad;
import org.neurojepa.training.plot.LossCurvePlot;

/**
 * Trains findings heads (one attentive probe per label) on the service's encoder, frozen or
 * fine-tuned with them. The training split's scans teach; the validation split picks the epoch
 * (best mean AUROC over labels) and each label's operating point (Youden's J); the test split is
 * never read here, so an evaluation on it stays honest. Writes the heads (bound to the encoder
 * version they were trained on), a fine-tuned encoder as a new model version when the encoder was
 * trained, {@code metrics.csv} and {@code loss_curve.png}.
 */
public final class HeadTrainer {
  static final double CLIP_NORM = 1.0;
  private static final int EVAL_CHUNK = 8;

  private HeadTrainer() {}

  /** A resource whose release cannot fail. */
  private interface Release extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * What a run produced.
   *
   * @param encoderDir the fine-tuned encoder's checkpoint, or null when the encoder was frozen
   * @param encoder the encoder version the heads belong to
   */
  public record Result(Path headsDir, HeadsManifest manifest, Path encoderDir, ModelVersion encoder, int bestEpoch,
      double bestValidationAuroc, int trainScans, int validationScans) {}

  public static Result train(InferenceEngine encoder, DatasetManifest data, LabelTable labels, HeadSettings s,
      Path out, PrintStream console) throws IOException, InterruptedException {
    Set<SequenceType> sequences = Set.copyOf(s.sequences());
    List<LabelledScan> train =
        ScanFeatures.labelled(select(data.entries(Split.TRAIN), sequences), labels, console);
    List<LabelledScan> validation =
        ScanFeatures.labelled(select(data.entries(Split.VALIDATION), sequences), labels, console);
    if (s.fewShot() > 0) {
      train = FewShot.select(train, s.fewShot(), s.seed());
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException("the dataset has no labelled training scans of " + sequences);
    }
    for (int l = 0; l < labels.labels().size(); l++) {
      int[] counts = counts(train, l);
      if (counts[0] == 0 || counts[1] == 0) {
        throw new IllegalArgumentException("label '" + labels.labels().get(l) + "' has " + counts[1]
            + " positive and " + counts[0] + " negative training scans; a head needs both (leave it out with"
            + " --only-labels)");
      }
    }
    console.printf(Locale.ROOT, "findings heads for %s on %s encoder %s: %d training and %d validation scans%n",
        labels.labels(), s.fineTune() ? "fine-tuned" : "frozen", encoder.version().id(), train.size(),
        validation.size());
    List<LabelledScan> all = new ArrayList<>(train);
    all.addAll(validation);
    NeuroJepaConfig config = encoder.config();
    // read once: the chosen epoch's encoder gives the operating points from the same inputs
    List<float[]> inputs = s.fineTune() ? ScanFeatures.inputs(data, all, config) : List.of();
    Backbone backbone = s.fineTune()
        ? new FineTunedBackbone(config, ParameterStore.fromTensors(new Encoder(config).specs(), encoder.weights(),
            Device.cpu(), DataType.FLOAT32), inputs)
        : new FrozenBackbone(ScanFeatures.embed(encoder, data, all, console));
    backbone.trained().forEach(ParameterStore::requireGradients);
    int[] trainIdx = range(0, train.size());
    int[] validationIdx = range(train.size(), all.size());
    MultiLabelHeads heads = new MultiLabelHeads(FindingHeads.PREFIX, labels.labels(), config.embedDim(),
        config.probeHeads(), s.probeDepth(), config.layerNormEps());
    Files.createDirectories(out);
    List<AdamW> optimisers = new ArrayList<>();
    try (backbone;
        ParameterStore store = ParameterStore.initialise(heads.specs(), s.seed(), Device.cpu(), DataType.FLOAT32);
        Release closeOptimisers = () -> optimisers.forEach(AdamW::close)) {
      store.requireGradients();
      optimisers.add(new AdamW(store, s.weightDecay()));
      for (ParameterStore p : backbone.trained()) {
        optimisers.add(new AdamW(p, s.weightDecay()));
      }
      List<ParameterStore> stores = new ArrayList<>(List.of(store));
      stores.addAll(backbone.trained());
      List<Map<String, HostTensor>> best = snapshot(stores);
      double bestAuroc = Double.NEGATIVE_INFINITY;
      int bestEpoch = 0;
      SplittableRandom order = new SplittableRandom(s.seed());
      int stepsPerEpoch = (train.size() + s.batch() - 1) / s.batch();
      long t0 = System.nanoTime();
      StringBuilder csv = new StringBuilder("epoch,train_loss,validation_mean_auroc,seconds\n");
      List<Long> epochs = new ArrayList<>();
      List<Double> losses = new ArrayList<>();
      for (int epoch = 1; epoch <= s.epochs(); epoch++) {
        int[] perm = permutation(train.size(), order);
        double lossSum = 0;
        for (int b = 0; b < stepsPerEpoch; b++) {
          int from = b * s.batch();
          int to = Math.min(train.size(), from + s.batch());
          int[] batch = new int[to - from];
          for (int i = from; i < to; i++) {
            batch[i - from] = trainIdx[perm[i]];
          }
          double warm = Math.min(1.0, ((epoch - 1.0) * stepsPerEpoch + b + 1) / stepsPerEpoch);
          lossSum += step(heads, store, backbone, all, batch, optimisers, s, warm) * batch.length;
        }
        double trainLoss = lossSum / train.size();
        double auroc = validation.isEmpty() ? Double.NaN
            : meanAuroc(probabilities(heads, store, backbone, validationIdx), validation, labels.labels().size());
        double seconds = (System.nanoTime() - t0) / 1e9;
        csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.2f%n", epoch, trainLoss, auroc, seconds));
        epochs.add((long) epoch);
        losses.add(trainLoss);
        boolean better = validation.isEmpty() || auroc > bestAuroc;
        if (better) {
          bestAuroc = auroc;
          bestEpoch = epoch;
          best = snapshot(stores);
        }
        console.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  validation mean AUROC %.3f%s  %.1f s%n", epoch,
            s.epochs(), trainLoss, auroc, better ? " *" : "", seconds);
        if (s.patience() > 0 && !validation.isEmpty() && epoch - bestEpoch >= s.patience()) {
          console.printf(Locale.ROOT, "no better validation AUROC for %d epochs: stopping%n", s.patience());
          break;
        }
      }
      Files.writeString(out.resolve("metrics.csv"), csv.toString(), StandardCharsets.UTF_8);
      LossCurvePlot.write(out.resolve("loss_curve.png"), epochs.stream().mapToLong(Long::longValue).toArray(),
          losses.stream().mapToDouble(Double::doubleValue).toArray(), "findings heads: training loss per epoch");
      String trainedOn = String.format(Locale.ROOT,
          "dataset %s (manifest sha256 %s); labels %s by %s; %d training / %d validation scans of %s; %s encoder %s; "
              + "probe depth %d, %d epochs (best %d), batch %d, lr %.2e%s, weight decay %.3f, seed %d%s",
          data.dir(), data.sha256(), labels.labels(), labels.keyKind().column(), train.size(), validation.size(),
          sequences.stream().map(SequenceType::label).sorted().toList(), s.fineTune() ? "fine-tuned" : "frozen",
          encoder.version().id(), s.probeDepth(), s.epochs(), bestEpoch, s.batch(), s.learningRate(),
          s.fineTune() ? String.format(Locale.ROOT, " (encoder %.2e)", s.encoderLearningRate()) : "", s.weightDecay(),
          s.seed(), s.fewShot() > 0 ? ", few-shot k=" + s.fewShot() : "");

      ModelVersion headsEncoder = encoder.version();
      Path encoderDir = null;
      if (s.fineTune()) {
        encoderDir = out.resolve("encoder");
        Map<String, HostTensor> tuned = best.get(1);
        CheckpointManifest cm = Checkpoint.write(encoderDir, config, tuned, "finetuned-" + digest(tuned).substring(0, 12),
            "fine-tuned from " + encoder.version().id() + " with findings heads; " + trainedOn);
        headsEncoder = new ModelVersion(cm.modelVersion(), cm.weightsSha256());
      }
      Map<String, Double> operatingPoints = new TreeMap<>();
      List<ParameterStore> chosen = new ArrayList<>();
      try {
        chosen.add(ParameterStore.fromTensors(heads.specs(), best.get(0), Device.cpu(), DataType.FLOAT32));
        Backbone pointBackbone = backbone;
        if (s.fineTune()) {
          ParameterStore tunedStore = ParameterStore.fromTensors(new Encoder(config).specs(), best.get(1), Device.cpu(),
              DataType.FLOAT32);
          chosen.add(tunedStore);
          pointBackbone = new FineTunedBackbone(config, tunedStore, inputs);
        }
        int[] pointIdx = validation.isEmpty() ? trainIdx : validationIdx;
        List<LabelledScan> pointScans = validation.isEmpty() ? train : validation;
        double[][] p = probabilities(heads, chosen.get(0), pointBackbone, pointIdx);
        for (int l = 0; l < labels.labels().size(); l++) {
          Known k = known(p, pointScans, l);
          operatingPoints.put(labels.labels().get(l), BinaryMetrics.youdenThreshold(k.scores(), k.truth()));
        }
      } finally {
        chosen.forEach(ParameterStore::close);
      }
      Path dir = out.resolve("heads");
      HeadsManifest manifest = HeadsCheckpoint.write(dir, new HeadsCheckpoint.Description(
          "heads-" + digest(best.get(0)).substring(0, 12), labels.labels(), s.probeDepth(), config.probeHeads(),
          config.embedDim(), config.layerNormEps(), headsEncoder.id(), headsEncoder.weightsSha256(),
          sequences.stream().map(SequenceType::label).sorted().toList(), operatingPoints, trainedOn), best.get(0));
      console.printf(Locale.ROOT, "heads %s for encoder %s written to %s (best epoch %d, validation mean AUROC %.3f)%n",
          manifest.headsVersion(), headsEncoder.id(), dir, bestEpoch, bestAuroc);
      return new Result(dir, manifest, encoderDir, headsEncoder, bestEpoch, bestAuroc, train.size(), validation.size());
    }
  }

  private static double step(MultiLabelHeads heads, ParameterStore store, Backbone backbone, List<LabelledScan> all,
      int[] batch, List<AdamW> optimisers, HeadSettings s, double warm) {
    AdamW.zeroGradients(store);
    backbone.trained().forEach(AdamW::zeroGradients);
    int labels = all.get(0).labels().length;
    float[] y = new float[batch.length * labels];
    float[] mask = new float[batch.length * labels];
    for (int i = 0; i < batch.length; i++) {
      for (int l = 0; l < labels; l++) {
        Boolean v = all.get(batch[i]).label(l);
        if (v != null) {
          mask[i * labels + l] = 1;
          y[i * labels + l] = v ? 1 : 0;
        }
      }
    }
    double loss;
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
      Shape shape = new Shape(batch.length, labels);
      try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
        NDArray logits = heads.logits(store, backbone.tokens(m, batch));
        NDArray l = BinaryCrossEntropy.masked(logits, OwnedTensors.of(m, y, shape), OwnedTensors.of(m, mask, shape));
        loss = l.getFloat();
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("the heads' loss is " + loss + "; stopping before any update");
        }
        gc.backward(l);
      }
    }
    AdamW.clipGradients(store, CLIP_NORM);
    optimisers.get(0).step(store, s.learningRate() * warm);
    for (int i = 0; i < backbone.trained().size(); i++) {
      ParameterStore p = backbone.trained().get(i);
      AdamW.clipGradients(p, CLIP_NORM);
      optimisers.get(i + 1).step(p, s.encoderLearningRate() * warm);
    }
    return loss;
  }

  /** Probabilities [scan][label] of the scans at {@code idx}, without recording gradients. */
  static double[][] probabilities(MultiLabelHeads heads, ParameterStore store, Backbone backbone, int[] idx) {
    int labels = heads.labels().size();
    double[][] out = new double[idx.length][labels];
    NoGrad.run(() -> {
      for (int start = 0; start < idx.length; start += EVAL_CHUNK) {
        int[] chunk = java.util.Arrays.copyOfRange(idx, start, Math.min(idx.length, start + EVAL_CHUNK));
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
          float[] p = heads.probabilities(store, backbone.tokens(m, chunk)).toFloatArray();
          for (int i = 0; i < chunk.length; i++) {
            for (int l = 0; l < labels; l++) {
              out[start + i][l] = p[i * labels + l];
            }
          }
        }
      }
    });
    return out;
  }

  /** Scores and truths of the scans whose label {@code l} is known. */
  record Known(double[] scores, boolean[] truth) {}

  static Known known(double[][] p, List<LabelledScan> scans, int l) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < scans.size(); i++) {
      if (scans.get(i).label(l) != null) {
        idx.add(i);
      }
    }
    double[] scores = new double[idx.size()];
    boolean[] truth = new boolean[idx.size()];
    for (int k = 0; k < idx.size(); k++) {
      scores[k] = p[idx.get(k)][l];
      truth[k] = scans.get(idx.get(k)).label(l);
    }
    return new Known(scores, truth);
  }

  /** Mean AUROC over the labels where both classes occur; NaN when none does. */
  static double meanAuroc(double[][] p, List<LabelledScan> scans, int labels) {
    double sum = 0;
    int n = 0;
    for (int l = 0; l < labels; l++) {
      Known k = known(p, scans, l);
      double a = BinaryMetrics.auroc(k.scores(), k.truth());
      if (!Double.isNaN(a)) {
        sum += a;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static List<Map<String, HostTensor>> snapshot(List<ParameterStore> stores) {
    List<Map<String, HostTensor>> out = new ArrayList<>();
    for (ParameterStore p : stores) {
      out.add(p.toHost());
    }
    return out;
  }

  private static int[] counts(List<LabelledScan> scans, int l) {
    int[] c = new int[2];
    for (LabelledScan s : scans) {
      Boolean v = s.label(l);
      if (v != null) {
        c[v ? 1 : 0]++;
      }
    }
    return c;
  }

  private static List<DatasetEntry> select(List<DatasetEntry> entries, Set<SequenceType> sequences) {
    return entries.stream().filter(e -> sequences.contains(e.sequence())).toList();
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static int[] permutation(int n, SplittableRandom rng) {
    int[] p = range(0, n);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** SHA-256 over the tensors' names and bytes in name order: the same weights, the same version name. */
  static String digest(Map<String, HostTensor> tensors) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String name : new TreeSet<>(tensors.keySet())) {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update(tensors.get(name).data());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
