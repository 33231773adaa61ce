package org.neurojepa.training.pretrain;

import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.nn.ExpertLoadBalancer;
import org.neurojepa.training.optim.AdamW;

/**
 * Everything a pretraining run depends on. A resumed run must use the same values (checked against
 * the checkpoint), except {@code checkpointEvery} and {@code logEvery}.
 *
 * @param config architecture (pretraining uses geometric token positions, see {@link #of})
 * @param steps total optimiser steps
 * @param batch samples per step
 * @param seed seed of initialisation, data order, augmentation and masks
 * @param schedule learning rate per step
 * @param weightDecay AdamW weight decay on ≥ 2-D parameters
 * @param clipNorm global gradient-norm clip
 * @param emaMomentum target-encoder momentum
 * @param balanceRate MoE selection-bias rate per step (the release's 1e-4)
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param logEvery steps between console lines
 */
public record PretrainSettings(
    NeuroJepaConfig config,
    long steps,
    int batch,
    long seed,
    LearningRateSchedule schedule,
    double weightDecay,
    double clipNorm,
    double emaMomentum,
    double balanceRate,
    int checkpointEvery,
    int logEvery) {

  public PretrainSettings {
    if (config == null || schedule == null) {
      throw new IllegalArgumentException("config and schedule are required");
    }
    if (steps < 1 || batch < 1) {
      throw new IllegalArgumentException("steps and batch must be ≥ 1");
    }
    if (!(clipNorm > 0) || weightDecay < 0 || balanceRate < 0 || checkpointEvery < 0 || logEvery < 1) {
      throw new IllegalArgumentException("clipNorm > 0, weightDecay/balanceRate/checkpointEvery ≥ 0, logEvery ≥ 1");
    }
  }

  /**
   * The spec's settings for {@code steps} steps: AdamW weight decay 0.04, clip 1.0, EMA 0.99925,
   * balancing rate 1e-4, and the release's schedule shape (warm-up 1e-4 → 5.25e-4, constant,
   * cool-down to 1e-6 in proportions 40/160/40) compressed into {@code steps}; geometric positions.
   */
  public static PretrainSettings of(NeuroJepaConfig config, long steps, int batch, long seed) {
    return new PretrainSettings(
        config.withPositions(org.neurojepa.model.PositionConvention.GEOMETRIC), steps, batch, seed,
        LearningRateSchedule.scaledTo(steps, 1e-4, 5.25e-4, 1e-6), AdamW.WEIGHT_DECAY, 1.0, EmaTarget.MOMENTUM,
        ExpertLoadBalancer.RATE, 0, 10);
  }

  public PretrainSettings withSchedule(LearningRateSchedule s) {
    return new PretrainSettings(config, steps, batch, seed, s, weightDecay, clipNorm, emaMomentum, balanceRate,
        checkpointEvery, logEvery);
  }

  public PretrainSettings withCheckpointEvery(int every) {
    return new PretrainSettings(config, steps, batch, seed, schedule, weightDecay, clipNorm, emaMomentum, balanceRate,
        every, logEvery);
  }

  public PretrainSettings withLogEvery(int every) {
    return new PretrainSettings(config, steps, batch, seed, schedule, weightDecay, clipNorm, emaMomentum, balanceRate,
        checkpointEvery, every);
  }

  public PretrainSettings withBalanceRate(double rate) {
    return new PretrainSettings(config, steps, batch, seed, schedule, weightDecay, clipNorm, emaMomentum, rate,
        checkpointEvery, logEvery);
  }

  public PretrainSettings withEmaMomentum(double m) {
    return new PretrainSettings(config, steps, batch, seed, schedule, weightDecay, clipNorm, m, balanceRate,
        checkpointEvery, logEvery);
  }
}
