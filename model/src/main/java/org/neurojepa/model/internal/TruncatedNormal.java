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
    int i = 0;
    while (i < count) {
      // Marsaglia's polar method gives two independent normals per accepted pair.
      double u = 2 * random.nextDouble() - 1;
      double v = 2 * random.nextDouble() - 1;
      double s = u * u + v * v;
      if (s >= 1 || s == 0) {
        continue;
      }
      double f = Math.sqrt(-2 * Math.log(s) / s);
      double z1 = u * f;
      double z2 = v * f;
      if (z1 >= -2 && z1 <= 2) {
        out[i++] = (float) (z1 * std);
      }
      if (i < count && z2 >= -2 && z2 <= 2) {
        out[i++] = (float) (z2 * std);
      }
    }
    return out;
  }

  private static long mix(long seed, String name) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001B3L;
    }
    return h ^ (h >>> 31);
  }
}
