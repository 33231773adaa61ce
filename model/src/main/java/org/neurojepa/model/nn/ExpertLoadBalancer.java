package org.neurojepa.model.nn;

import ai.djl.ndarray.NDManager;
import org.neurojepa.model.ParameterStore;

/**
 * Load balancing without an auxiliary loss, applied after every optimiser step: experts chosen
 * less than average get a higher selection bias, busier ones a lower one. With c the per-expert
 * counts summed over all workers: u = (mean(c) − c) / (mean(c) + 1e-6), centred; bias += rate·u,
 * clamped to ±limit, centred; counts reset.
 */
public final class ExpertLoadBalancer {
  public static final double RATE = 1e-4;
  public static final double LIMIT = 0.3;

  private ExpertLoadBalancer() {}

  /** The new selection bias for {@code bias} given the summed {@code counts}. */
  public static float[] updatedBias(float[] bias, long[] counts, double rate, double limit) {
    int e = bias.length;
    if (counts.length != e) {
      throw new IllegalArgumentException(counts.length + " counts for " + e + " experts");
    }
    double mean = 0;
    for (long c : counts) {
      mean += c;
    }
    mean /= e;
    double[] u = new double[e];
    double meanU = 0;
    for (int i = 0; i < e; i++) {
      u[i] = (mean - counts[i]) / (mean + 1e-6);
      meanU += u[i];
    }
    meanU /= e;
    double[] b = new double[e];
    double meanB = 0;
    for (int i = 0; i < e; i++) {
      b[i] = Math.max(-limit, Math.min(limit, bias[i] + rate * (u[i] - meanU)));
      meanB += b[i];
    }
    meanB /= e;
    float[] out = new float[e];
    for (int i = 0; i < e; i++) {
      out[i] = (float) (b[i] - meanB);
    }
    return out;
  }

  /**
   * One balancing step for a layer of this worker's model. {@code otherWorkers} are the counts the
   * other data-parallel workers accumulated (empty array or null on one worker); they are added to
   * this store's counts before the update. The counts are reset.
   */
  public static void step(ParameterStore p, MoeLayer layer, long[] otherWorkers) {
    long[] counts = p.get(layer.countsKey()).toLongArray();
    if (otherWorkers != null && otherWorkers.length > 0) {
      if (otherWorkers.length != counts.length) {
        throw new IllegalArgumentException("other workers' counts have the wrong length");
      }
      for (int i = 0; i < counts.length; i++) {
        counts[i] += otherWorkers[i];
      }
    }
    String biasKey = layer.router().biasKey();
    float[] bias = updatedBias(p.get(biasKey).toFloatArray(), counts, RATE, LIMIT);
    try (NDManager m = NDManager.newBaseManager(p.device(), org.neurojepa.model.internal.DjlRuntime.ENGINE)) {
      p.replace(biasKey, m.create(bias));
      p.replace(layer.countsKey(), m.zeros(new ai.djl.ndarray.types.Shape(counts.length), ai.djl.ndarray.types.DataType.INT64));
    }
  }
}
