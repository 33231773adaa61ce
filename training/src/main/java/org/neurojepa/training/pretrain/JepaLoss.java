package org.neurojepa.training.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.nn.Encoder;
import org.neurojepa.model.nn.OwnedTensors;
import org.neurojepa.model.nn.Predictor;

/**
 * The Neuro-JEPA pretraining loss for one batch. The target encoder sees all tokens; its output is
 * layer-normalised without affine (eps {@value #TARGET_NORM_EPS}, PyTorch's F.layer_norm default).
 * For each mask the context encoder encodes the context tokens and the predictor predicts the
 * targets; per target token ℓ = mean over dims of |prediction − target|, weighted by
 * w = 0.1 + 0.9·foreground normalised per sample to mean 1 over its targets; the loss is mean(ℓ·w)
 * over samples and targets, averaged over the masks.
 */
public final class JepaLoss {
  public static final float TARGET_NORM_EPS = 1e-5f;
  static final double BACKGROUND_WEIGHT = 0.1;

  private final NeuroJepaConfig config;
  private final Encoder encoder;
  private final Predictor predictor;

  public JepaLoss(NeuroJepaConfig config) {
    this.config = config;
    this.encoder = new Encoder(config);
    this.predictor = new Predictor(config);
  }

  public Encoder encoder() {
    return encoder;
  }

  public Predictor predictor() {
    return predictor;
  }

  /** Layer-normalised target features [B, N, D] from the target encoder (no gradient). */
  public NDArray targets(ParameterStore target, NDArray volumes) {
    NDArray h = encoder.forward(target, volumes).stopGradient();
    NDArray mean = h.mean(new int[] {-1}, true);
    NDArray centred = h.sub(mean);
    NDArray var = centred.square().mean(new int[] {-1}, true);
    return centred.div(var.add(TARGET_NORM_EPS).sqrt());
  }

  /**
   * @param online context encoder and predictor parameters (one store with both)
   * @param targets output of {@link #targets}
   * @param volumes model inputs [B, 1, D, H, W]
   * @param foreground per-sample token flags [B][N]
   * @param masks one array of B masks per generator
   * @param training whether the MoE layers count their routing
   * @return the scalar loss
   */
  public NDArray loss(
      ParameterStore online, NDArray targets, NDArray volumes, boolean[][] foreground, List<TokenMask[]> masks,
      boolean training) {
    NDManager m = volumes.getManager();
    int batch = foreground.length;
    NDArray total = null;
    for (TokenMask[] perSample : masks) {
      if (perSample.length != batch) {
        throw new IllegalArgumentException(perSample.length + " masks for a batch of " + batch);
      }
      long[][] ctx = new long[batch][];
      long[][] tgt = new long[batch][];
      for (int b = 0; b < batch; b++) {
        ctx[b] = perSample[b].context();
        tgt[b] = perSample[b].target();
      }
      int kt = tgt[0].length;
      NDArray context = encoder.forward(online, volumes, ctx, training);
      NDArray prediction = predictor.forward(online, context, ctx, tgt);
      NDArray index = OwnedTensors.of(m, flatten(tgt), new Shape(batch, kt)).expandDims(2).repeat(2, config.embedDim());
      NDArray wanted = targets.gather(index, 1);
      NDArray perToken = prediction.sub(wanted.toType(prediction.getDataType(), false)).abs().mean(new int[] {-1});
      NDArray weights = OwnedTensors.of(m, weights(foreground, tgt), new Shape(batch, kt)).toType(perToken.getDataType(), false);
      NDArray l = perToken.mul(weights).mean();
      total = total == null ? l : total.add(l);
    }
    return OwnedTensors.dividedBy(total, masks.size());
  }

  /** 0.1 + 0.9·foreground per target, scaled per sample to mean 1. */
  static float[] weights(boolean[][] foreground, long[][] targets) {
    int batch = targets.length;
    int kt = targets[0].length;
    float[] w = new float[batch * kt];
    for (int b = 0; b < batch; b++) {
      double sum = 0;
      for (int t = 0; t < kt; t++) {
        double v = BACKGROUND_WEIGHT + (1 - BACKGROUND_WEIGHT) * (foreground[b][(int) targets[b][t]] ? 1 : 0);
        w[b * kt + t] = (float) v;
        sum += v;
      }
      double scale = kt / sum;
      for (int t = 0; t < kt; t++) {
        w[b * kt + t] = (float) (w[b * kt + t] * scale);
      }
    }
    return w;
  }

  private static long[] flatten(long[][] rows) {
    int cols = rows[0].length;
    long[] flat = new long[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return flat;
  }

}
