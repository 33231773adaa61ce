package org.neurojepa.training.pretrain;

/**
 * One optimiser step's figures.
 *
 * @param step 1-based number of the step just taken
 * @param loss the batch loss before the update
 * @param learningRate the rate the update used
 * @param gradNorm global gradient norm before clipping
 * @param loadViolation per MoE layer: max expert count / mean expert count − 1 over the step's
 *     context-encoder routing (0 = perfectly even; at most experts/topK − 1)
 * @param expertCounts per MoE layer, how often each expert was chosen during the step
 * @param seconds wall time of the step
 */
public record StepMetrics(
    long step, double loss, double learningRate, double gradNorm, double[] loadViolation, long[][] expertCounts,
    double seconds) {
  public StepMetrics {
    loadViolation = loadViolation.clone();
    long[][] copy = new long[expertCounts.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = expertCounts[i].clone();
    }
    expertCounts = copy;
  }

  @Override
  public long[][] expertCounts() {
    long[][] copy = new long[expertCounts.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = expertCounts[i].clone();
    }
    return copy;
  }

  @Override
  public double[] loadViolation() {
    return loadViolation.clone();
  }

  public double maxLoadViolation() {
    double m = 0;
    for (double v : loadViolation) {
      m = Math.max(m, v);
    }
    return m;
  }
}
