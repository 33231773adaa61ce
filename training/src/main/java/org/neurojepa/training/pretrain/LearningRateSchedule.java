package org.neurojepa.training.pretrain;

/**
 * Linear warm-up from {@code startLr} to {@code peakLr} over {@code warmupSteps}, constant for
 * {@code constantSteps}, then a linear cool-down to {@code finalLr} over {@code cooldownSteps}; after
 * that it stays at {@code finalLr}. Steps count from 0.
 */
public record LearningRateSchedule(
    double startLr, double peakLr, double finalLr, long warmupSteps, long constantSteps, long cooldownSteps) {

  public LearningRateSchedule {
    if (!(startLr >= 0 && peakLr > 0 && finalLr >= 0)) {
      throw new IllegalArgumentException("learning rates must be non-negative and the peak positive");
    }
    if (warmupSteps < 0 || constantSteps < 0 || cooldownSteps < 0) {
      throw new IllegalArgumentException("step counts must be ≥ 0");
    }
  }

  /** The released model's schedule: 1600 steps/epoch, warm-up 40 epochs 1e-4 → 5.25e-4, constant to epoch 200, 40-epoch cool-down to 1e-6. */
  public static LearningRateSchedule released() {
    long epoch = 1600;
    return new LearningRateSchedule(1e-4, 5.25e-4, 1e-6, 40 * epoch, 160 * epoch, 40 * epoch);
  }

  /** The same shape in {@code totalSteps}: 1/6 warm-up, 2/3 constant, 1/6 cool-down (the release's 40/160/40 epochs). */
  public static LearningRateSchedule scaledTo(long totalSteps, double startLr, double peakLr, double finalLr) {
    long warm = Math.max(1, totalSteps / 6);
    long cool = Math.max(1, totalSteps / 6);
    return new LearningRateSchedule(startLr, peakLr, finalLr, warm, Math.max(0, totalSteps - warm - cool), cool);
  }

  public long totalSteps() {
    return warmupSteps + constantSteps + cooldownSteps;
  }

  public double at(long step) {
    if (step < warmupSteps) {
      return startLr + (peakLr - startLr) * step / warmupSteps;
    }
    long s = step - warmupSteps;
    if (s < constantSteps) {
      return peakLr;
    }
    s -= constantSteps;
    if (s < cooldownSteps) {
      return peakLr + (finalLr - peakLr) * (s + 1) / cooldownSteps;
    }
    return finalLr;
  }
}
