package org.neurojepa.preprocessing.internal;

import java.util.stream.IntStream;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/** Gaussian smoothing and integer subsampling towards a coarser voxel size. */
public final class Pyramid {
  private Pyramid() {}

  /**
   * One volume per requested voxel size (any order), each smoothed and subsampled from the next
   * finer one so that the full-resolution volume is filtered once, at the finest level's cost.
   */
  public static Volume[] levels(Volume in, double[] targetsMm) {
    Integer[] order = new Integer[targetsMm.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(targetsMm[a], targetsMm[b]));
    Volume[] out = new Volume[targetsMm.length];
    Volume previous = in;
    double[] resolution = in.spacing();
    for (int k : order) {
      double[] nextResolution = new double[3];
      for (int a = 0; a < 3; a++) {
        nextResolution[a] = Math.max(resolution[a], targetsMm[k]);
      }
      previous = step(previous, resolution, nextResolution);
      out[k] = previous;
      resolution = nextResolution;
    }
    return out;
  }

  /** The volume smoothed and subsampled so that its voxels are about {@code targetMm} (never finer than they are). */
  public static Volume level(Volume in, double targetMm) {
    return levels(in, new double[] {targetMm})[0];
  }

  /**
   * From a volume whose effective resolution (FWHM, mm) is {@code from} to one of {@code to}: a
   * Gaussian of FWHM sqrt(to² − from²) per axis, applied along each axis while subsampling that
   * axis by the integer factor nearest to to/spacing.
   */
  private static Volume step(Volume in, double[] from, double[] to) {
    double[] sp = in.spacing();
    int[] f = new int[3];
    double[] sigmaVox = new double[3];
    for (int a = 0; a < 3; a++) {
      f[a] = Math.max(1, (int) Math.round(to[a] / sp[a]));
      double fwhm = Math.sqrt(Math.max(0, to[a] * to[a] - from[a] * from[a]));
      sigmaVox[a] = fwhm / 2.3548 / sp[a];
    }
    float[] cur = in.voxels();
    int[] n = {in.nx(), in.ny(), in.nz()};
    boolean copied = false;
    for (int axis = 0; axis < 3; axis++) {
      if (sigmaVox[axis] < 0.2 && f[axis] == 1) {
        continue;
      }
      cur = smoothAndDecimate(cur, n, axis, sigmaVox[axis] < 0.2 ? new float[] {1} : kernel(sigmaVox[axis]), f[axis]);
      copied = true;
    }
    if (!copied) {
      return in;
    }
    Affine a = in.voxelToWorld().times(Affine.scaling(f[0], f[1], f[2]));
    return new Volume(n[0], n[1], n[2], cur, a);
  }

  /** Smooths along one axis and keeps every f-th sample of it; updates {@code n}. */
  private static float[] smoothAndDecimate(float[] in, int[] n, int axis, float[] kernel, int f) {
    int nx = n[0], ny = n[1], nz = n[2];
    int len = n[axis];
    int outLen = (len + f - 1) / f;
    int[] m = n.clone();
    m[axis] = outLen;
    float[] out = new float[m[0] * m[1] * m[2]];
    int r = kernel.length / 2;
    int inStride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    int outStride = axis == 0 ? 1 : axis == 1 ? m[0] : m[0] * m[1];
    int outer = axis == 2 ? ny : nz;
    int inner = axis == 0 ? ny : nx;
    IntStream.range(0, outer).parallel().forEach(o -> {
      float[] line = new float[len];
      for (int in2 = 0; in2 < inner; in2++) {
        int inStart, outStart;
        if (axis == 0) {
          inStart = nx * (in2 + ny * o);
          outStart = m[0] * (in2 + m[1] * o);
        } else if (axis == 1) {
          inStart = in2 + nx * ny * o;
          outStart = in2 + m[0] * m[1] * o;
        } else {
          inStart = in2 + nx * o;
          outStart = in2 + m[0] * o;
        }
        for (int t = 0; t < len; t++) {
          line[t] = in[inStart + t * inStride];
        }
        for (int t = 0; t < outLen; t++) {
          int c = t * f;
          float s = 0;
          if (c - r >= 0 && c + r < len) {
            for (int d = -r; d <= r; d++) {
              s += kernel[d + r] * line[c + d];
            }
          } else {
            for (int d = -r; d <= r; d++) {
              int u = c + d;
              u = u < 0 ? 0 : u >= len ? len - 1 : u;
              s += kernel[d + r] * line[u];
            }
          }
          out[outStart + t * outStride] = s;
        }
      }
    });
    n[axis] = outLen;
    return out;
  }

  /** Separable Gaussian, sigma in voxels per axis, edges clamped. */
  public static float[] smooth(float[] v, int nx, int ny, int nz, double[] sigma) {
    float[] cur = v;
    for (int axis = 0; axis < 3; axis++) {
      if (sigma[axis] < 0.2) {
        continue;
      }
      cur = smoothAxis(cur, nx, ny, nz, axis, kernel(sigma[axis]));
    }
    return cur == v ? v.clone() : cur;
  }

  private static float[] kernel(double sigma) {
    int r = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * r + 1];
    double sum = 0;
    for (int d = -r; d <= r; d++) {
      double w = Math.exp(-0.5 * d * d / (sigma * sigma));
      k[d + r] = (float) w;
      sum += w;
    }
    for (int d = 0; d < k.length; d++) {
      k[d] /= (float) sum;
    }
    return k;
  }

  private static float[] smoothAxis(float[] in, int nx, int ny, int nz, int axis, float[] kernel) {
    float[] out = new float[in.length];
    int r = kernel.length / 2;
    int n = axis == 0 ? nx : axis == 1 ? ny : nz;
    int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
    // Lines along the axis, indexed by their start; parallel over the slowest other axis.
    int outer = axis == 2 ? ny : nz;
    IntStream.range(0, outer).parallel().forEach(o -> {
      float[] line = new float[n];
      int inner = axis == 0 ? ny : nx;
      for (int in2 = 0; in2 < inner; in2++) {
        int start;
        if (axis == 0) {
          start = nx * (in2 + ny * o);
        } else if (axis == 1) {
          start = in2 + nx * ny * o;
        } else {
          start = in2 + nx * o;
        }
        for (int t = 0; t < n; t++) {
          line[t] = in[start + t * stride];
        }
        for (int t = 0; t < n; t++) {
          float s = 0;
          for (int d = -r; d <= r; d++) {
            int u = t + d;
            u = u < 0 ? 0 : u >= n ? n - 1 : u;
            s += kernel[d + r] * line[u];
          }
          out[start + t * stride] = s;
        }
      }
    });
    return out;
  }
}
