package org.neurojepa.training.pretrain;

import java.util.random.RandomGenerator;

/**
 * The pretraining augmentations, each applied with probability 0.5 in this order: a flip per axis,
 * a smooth multiplicative bias field exp(Σ c·xᵃyᵇzᶜ) of degree 3 with coefficients U[−0.1, 0.1],
 * gamma v^γ with γ U[0.6, 1.5] (on values clipped at 0), additive Gaussian noise σ = 0.1, and an
 * intensity shift U[−0.1, 0.1]. Volumes are in model order [D][H][W].
 */
public final class Augmentation {
  static final double P = 0.5;
  static final double BIAS_COEFFICIENT = 0.1;
  static final int BIAS_DEGREE = 3;
  static final double GAMMA_LOW = 0.6;
  static final double GAMMA_HIGH = 1.5;
  static final double NOISE_SIGMA = 0.1;
  static final double SHIFT = 0.1;

  private final int depth;
  private final int height;
  private final int width;

  public Augmentation(int depth, int height, int width) {
    this.depth = depth;
    this.height = height;
    this.width = width;
  }

  /** A new augmented copy of {@code volume}; the same generator state gives the same result. */
  public float[] apply(float[] volume, RandomGenerator rng) {
    if (volume.length != depth * height * width) {
      throw new IllegalArgumentException("volume has " + volume.length + " voxels, expected " + depth * height * width);
    }
    float[] v = volume.clone();
    boolean fd = rng.nextDouble() < P;
    boolean fh = rng.nextDouble() < P;
    boolean fw = rng.nextDouble() < P;
    if (fd || fh || fw) {
      v = flip(v, fd, fh, fw);
    }
    if (rng.nextDouble() < P) {
      biasField(v, rng);
    }
    if (rng.nextDouble() < P) {
      double gamma = GAMMA_LOW + (GAMMA_HIGH - GAMMA_LOW) * rng.nextDouble();
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) Math.pow(Math.max(0f, v[i]), gamma);
      }
    }
    if (rng.nextDouble() < P) {
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (NOISE_SIGMA * rng.nextGaussian());
      }
    }
    if (rng.nextDouble() < P) {
      float shift = (float) (SHIFT * (2 * rng.nextDouble() - 1));
      for (int i = 0; i < v.length; i++) {
        v[i] += shift;
      }
    }
    return v;
  }

  private float[] flip(float[] v, boolean fd, boolean fh, boolean fw) {
    float[] out = new float[v.length];
    for (int z = 0; z < depth; z++) {
      int sz = fd ? depth - 1 - z : z;
      for (int y = 0; y < height; y++) {
        int sy = fh ? height - 1 - y : y;
        int dst = (z * height + y) * width;
        int src = (sz * height + sy) * width;
        for (int x = 0; x < width; x++) {
          out[dst + x] = v[src + (fw ? width - 1 - x : x)];
        }
      }
    }
    return out;
  }

  private void biasField(float[] v, RandomGenerator rng) {
    // One coefficient per monomial zᵃ·yᵇ·xᶜ with a + b + c ≤ degree, coordinates in [−1, 1].
    int terms = 0;
    double[] coef = new double[64];
    int[][] powers = new int[64][];
    for (int a = 0; a <= BIAS_DEGREE; a++) {
      for (int b = 0; a + b <= BIAS_DEGREE; b++) {
        for (int c = 0; a + b + c <= BIAS_DEGREE; c++) {
          coef[terms] = BIAS_COEFFICIENT * (2 * rng.nextDouble() - 1);
          powers[terms++] = new int[] {a, b, c};
        }
      }
    }
    double[] pz = new double[BIAS_DEGREE + 1];
    double[] py = new double[BIAS_DEGREE + 1];
    double[] px = new double[BIAS_DEGREE + 1];
    for (int z = 0; z < depth; z++) {
      powersOf(coordinate(z, depth), pz);
      for (int y = 0; y < height; y++) {
        powersOf(coordinate(y, height), py);
        for (int x = 0; x < width; x++) {
          powersOf(coordinate(x, width), px);
          double f = 0;
          for (int t = 0; t < terms; t++) {
            int[] p = powers[t];
            f += coef[t] * pz[p[0]] * py[p[1]] * px[p[2]];
          }
          int i = (z * height + y) * width + x;
          v[i] = (float) (v[i] * Math.exp(f));
        }
      }
    }
  }

  private static double coordinate(int i, int n) {
    return n == 1 ? 0 : 2.0 * i / (n - 1) - 1;
  }

  private static void powersOf(double x, double[] out) {
    out[0] = 1;
    for (int i = 1; i < out.length; i++) {
      out[i] = out[i - 1] * x;
    }
  }
}
