package org.neurojepa.training.pretrain;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurojepa.training.optim.AdamW;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Block;
import org.neurojepa.model.nn.ExpertLoadBalancer;
import org.neurojepa.model.nn.MoeLayer;
import org.neurojepa.model.nn.OwnedTensors;
import org.neurojepa.training.plot.LossCurvePlot;
import org.neurojepa.training.pretrain.internal.MetricsCsv;
import org.neurojepa.training.pretrain.internal.StepRandom;

/**
 * The Neuro-JEPA pretraining loop. Each step: draw the batch (per-epoch shuffled order), augment
 * each sample, find its foreground tokens, draw three multiscale masks, compute the loss with the
 * target encoder on all tokens, back-propagate, clip the global gradient norm, take an AdamW step at
 * the scheduled rate, balance the MoE selection biases from the step's expert counts, and move the
 * EMA target. All randomness is keyed by (seed, step, sample), so a run resumed from a checkpoint
 * continues exactly as the uninterrupted run.
 *
 * <p>Output directory: {@code metrics.csv}, {@code loss_curve.png}, and
 * {@code checkpoints/step-NNNNNNN/} (see {@link TrainingCheckpoint}) with {@code checkpoints/latest}
 * naming the newest.
 */
public final class Pretrainer implements AutoCloseable {
  private final PretrainSettings settings;
  private final NeuroJepaConfig config;
  private final PretrainData data;
  private final Path out;
  private final JepaLoss loss;
  private final ParameterStore online;
  private final ParameterStore target;
  private final AdamW optimiser;
  private final EmaTarget ema;
  private final Augmentation augmentation;
  private final List<MoeLayer> moeLayers = new ArrayList<>();
  private final List<String> moeNames = new ArrayList<>();
  private final MetricsCsv metrics;
  private long step;

  private Pretrainer(PretrainSettings s, PretrainData data, Path out, ParameterStore online, ParameterStore target,
      AdamW optimiser, long step) throws IOException {
    this.settings = s;
    this.config = s.config();
    this.data = data;
    this.out = out;
    this.loss = new JepaLoss(config);
    this.online = online;
    this.target = target;
    this.optimiser = optimiser;
    this.ema = new EmaTarget(s.emaMomentum());
    this.augmentation = new Augmentation(config.inputDepth(), config.inputHeight(), config.inputWidth());
    List<Block> blocks = loss.encoder().blocks();
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).mlp() instanceof MoeLayer moe) {
        moeLayers.add(moe);
        moeNames.add("blocks." + i);
      }
    }
    this.step = step;
    Files.createDirectories(out);
    this.metrics = new MetricsCsv(out.resolve("metrics.csv"), moeNames);
    metrics.open(step, step > 0);
  }

  /** A fresh run: initialised context encoder and predictor; the target encoder starts as a copy. */
  public static Pretrainer start(PretrainSettings s, PretrainData data, Path out) throws IOException {
    JepaLoss l = new JepaLoss(s.config());
    ParameterStore online = ParameterStore.initialise(onlineSpecs(l), s.seed(), Device.cpu(), DataType.FLOAT32);
    try {
      ParameterStore target = ParameterStore.fromTensors(l.encoder().specs(), encoderPart(online, l), Device.cpu(),
          DataType.FLOAT32);
      online.requireGradients();
      return new Pretrainer(s, data, out, online, target, new AdamW(online, s.weightDecay()), 0);
    } catch (IOException | RuntimeException e) {
      online.close();
      throw e;
    }
  }

  /** Continues the run whose newest checkpoint is under {@code out/checkpoints}. */
  public static Pretrainer resume(PretrainSettings s, PretrainData data, Path out) throws IOException {
    TrainingCheckpoint.Loaded c = TrainingCheckpoint.readLatest(out, s, new JepaLoss(s.config()));
    try {
      c.online().requireGradients();
      AdamW adam = new AdamW(c.online(), s.weightDecay());
      adam.restore(c.optimiser(), c.step());
      return new Pretrainer(s, data, out, c.online(), c.target(), adam, c.step());
    } catch (IOException | RuntimeException e) {
      c.online().close();
      c.target().close();
      throw e;
    }
  }

  static List<ParameterSpec> onlineSpecs(JepaLoss l) {
    List<ParameterSpec> specs = new ArrayList<>(l.encoder().specs());
    specs.addAll(l.predictor().specs());
    return specs;
  }

  static java.util.Map<String, org.neurojepa.model.checkpoint.HostTensor> encoderPart(ParameterStore online, JepaLoss l) {
    java.util.Map<String, org.neurojepa.model.checkpoint.HostTensor> all = online.toHost();
    java.util.Map<String, org.neurojepa.model.checkpoint.HostTensor> part = new java.util.LinkedHashMap<>();
    for (ParameterSpec s : l.encoder().specs()) {
      part.put(s.name(), all.get(s.name()));
    }
    return part;
  }

  /** Runs until {@code settings.steps()}, with console lines and checkpoints; returns every step's figures. */
  public List<StepMetrics> run(PrintStream console) throws IOException {
    List<StepMetrics> all = new ArrayList<>();
    long t0 = System.nanoTime();
    long startStep = step;
    while (step < settings.steps()) {
      StepMetrics m = step();
      all.add(m);
      if (m.step() % settings.logEvery() == 0 || m.step() == settings.steps()) {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double rate = (m.step() - startStep) / elapsed;
        console.printf(Locale.ROOT, "step %d/%d  loss %.5f  lr %.3e  grad %.3f  max load violation %.3f  %.2f steps/s  %.2f scans/s%n",
            m.step(), settings.steps(), m.loss(), m.learningRate(), m.gradNorm(), m.maxLoadViolation(), rate,
            rate * settings.batch());
      }
      if (settings.checkpointEvery() > 0 && m.step() % settings.checkpointEvery() == 0 && m.step() < settings.steps()) {
        saveCheckpoint();
      }
    }
    saveCheckpoint();
    console.printf(Locale.ROOT, "checkpoint %s%n", out.resolve(TrainingCheckpoint.DIR).resolve(TrainingCheckpoint.dirName(step)));
    return all;
  }

  /** One optimiser step. */
  public StepMetrics step() throws IOException {
    long t0 = System.nanoTime();
    int b = settings.batch();
    int voxels = config.voxels();
    float[] input = new float[b * voxels];
    boolean[][] foreground = new boolean[b][];
    List<TokenMask[]> masks = new ArrayList<>();
    List<MaskGenerator> generators = MaskGenerator.multiscale();
    for (int g = 0; g < generators.size(); g++) {
      masks.add(new TokenMask[b]);
    }
    for (int i = 0; i < b; i++) {
      float[] v = augmentation.apply(data.volume(sampleIndex(step * b + i)), StepRandom.of(settings.seed(), step, i, StepRandom.AUGMENT));
      System.arraycopy(v, 0, input, i * voxels, voxels);
      foreground[i] = ForegroundPatches.of(v, config);
      SplittableRandom maskRng = StepRandom.of(settings.seed(), step, i, StepRandom.MASK);
      for (int g = 0; g < generators.size(); g++) {
        masks.get(g)[i] = generators.get(g).generate(maskRng, foreground[i]);
      }
    }
    double lr = settings.schedule().at(step);
    double lossValue;
    AdamW.zeroGradients(online);
    try (NDManager m = NDManager.newBaseManager(online.device(), DjlRuntime.ENGINE)) {
      NDArray volumes = OwnedTensors.of(m, input, new Shape(b, 1, config.inputDepth(), config.inputHeight(), config.inputWidth()));
      NDArray targets = loss.targets(target, volumes);
      try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
        NDArray l = loss.loss(online, targets, volumes, foreground, masks, true);
        lossValue = l.toType(DataType.FLOAT32, false).getFloat();
        if (!Double.isFinite(lossValue)) {
          throw new IllegalStateException("loss is " + lossValue + " at step " + (step + 1) + "; stopping before any update");
        }
        gc.backward(l);
      }
    }
    double gradNorm = AdamW.clipGradients(online, settings.clipNorm());
    optimiser.step(online, lr);
    double[] violation = new double[moeLayers.size()];
    long[][] allCounts = new long[moeLayers.size()][];
    for (int i = 0; i < moeLayers.size(); i++) {
      MoeLayer moe = moeLayers.get(i);
      long[] counts = online.get(moe.countsKey()).toLongArray();
      allCounts[i] = counts;
      violation[i] = loadViolation(counts);
      balance(moe, counts);
    }
    // the target's tensor names are a subset of the online store's; EMA looks them up by name
    ema.update(target, online);
    step++;
    double seconds = (System.nanoTime() - t0) / 1e9;
    StepMetrics sm = new StepMetrics(step, lossValue, lr, gradNorm, violation, allCounts, seconds);
    metrics.append(step, lossValue, lr, gradNorm, seconds, violation);
    return sm;
  }

  private void balance(MoeLayer moe, long[] counts) {
    if (settings.balanceRate() == ExpertLoadBalancer.RATE) {
      ExpertLoadBalancer.step(online, moe, null);
      return;
    }
    float[] bias = ExpertLoadBalancer.updatedBias(online.get(moe.router().biasKey()).toFloatArray(), counts,
        settings.balanceRate(), ExpertLoadBalancer.LIMIT);
    try (NDManager m = NDManager.newBaseManager(online.device(), DjlRuntime.ENGINE)) {
      online.replace(moe.router().biasKey(), OwnedTensors.of(m, bias, new Shape(bias.length)));
      online.replace(moe.countsKey(), m.zeros(new Shape(counts.length), DataType.INT64));
    }
  }

  /** max(c) / mean(c) − 1; 0 when nothing was routed. */
  public static double loadViolation(long[] counts) {
    long max = 0;
    double sum = 0;
    for (long c : counts) {
      max = Math.max(max, c);
      sum += c;
    }
    return sum == 0 ? 0 : max / (sum / counts.length) - 1;
  }

  /** Position of the {@code n}-th sample of the run in the data: a fresh shuffled order each epoch. */
  int sampleIndex(long n) {
    int size = data.size();
    long epoch = n / size;
    int pos = (int) (n % size);
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom rng = StepRandom.of(settings.seed(), epoch, 0, StepRandom.DATA_ORDER);
    for (int i = size - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order[pos];
  }

  /** Writes a checkpoint of the current step and points {@code checkpoints/latest} at it. */
  public Path saveCheckpoint() throws IOException {
    Path dir = TrainingCheckpoint.write(out, settings, data.description(), loss, online, target, optimiser, step);
    MetricsCsv.Series s = metrics.read();
    LossCurvePlot.write(out.resolve("loss_curve.png"), s.steps(), s.loss(),
        "Neuro-JEPA " + config.name() + " pretraining loss (batch " + settings.batch() + ", seed " + settings.seed() + ")");
    return dir;
  }

  public long currentStep() {
    return step;
  }

  public ParameterStore online() {
    return online;
  }

  public ParameterStore target() {
    return target;
  }

  public List<String> moeLayerNames() {
    return List.copyOf(moeNames);
  }

  @Override
  public void close() {
    optimiser.close();
    target.close();
    online.close();
  }
}
