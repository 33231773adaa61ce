package org.neurojepa.model.internal;

import java.util.SplittableRandom;

/**
 * Seeded truncated-normal values, generated in Java so that the same seed gives the same model on
 * every engine and device. Values beyond two standard deviations are redrawn.
 */
public final class TruncatedNormal {
  private TruncatedNormal() {}

  /** Values for the tensor {@code name} of a model initialised with {@code seed}. */
  public static float[] sample(long seed, String name, int count, double std) {
    SplittableRandom random = new SplittableRandom(mix(seed, name));
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      double z;
      do {
        z = gaussian(random);
      } while (z < -2 || z > 2);
      out[i] = (float) (z * std);
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    // Marsaglia polar method: two uniforms per accepted pair, one value kept for simplicity.
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  private static long mix(long seed, String name) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001B3L;
    }
    return h ^ (h >>> 31);
  }
}
