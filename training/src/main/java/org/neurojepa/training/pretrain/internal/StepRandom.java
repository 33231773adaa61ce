package org.neurojepa.training.pretrain.internal;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: every draw of a run comes from a generator keyed by (seed, step,
 * sample, purpose), so the run's whole random state is its seed and step and a resumed run draws
 * exactly what the uninterrupted one would have.
 */
public final class StepRandom {
  public static final int DATA_ORDER = 0;
  public static final int AUGMENT = 1;
  public static final int MASK = 2;

  private StepRandom() {}

  public static SplittableRandom of(long seed, long step, int sample, int purpose) {
    long h = mix(seed ^ 0x5DEECE66DL);
    h = mix(h + step);
    h = mix(h + sample);
    h = mix(h + purpose);
    return new SplittableRandom(h);
  }

  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
