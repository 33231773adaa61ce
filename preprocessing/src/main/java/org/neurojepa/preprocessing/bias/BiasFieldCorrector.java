package org.neurojepa.preprocessing.bias;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.neurojepa.preprocessing.VolumeChecks;
import org.neurojepa.preprocessing.internal.Grid;
import org.neurojepa.preprocessing.internal.Histograms;
import org.neurojepa.preprocessing.internal.Pyramid;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Smooth multiplicative bias-field correction after N4 (Tustison et al. 2010): on a coarse grid,
 * inside an Otsu head mask, each iteration sharpens the histogram of the corrected log
 * intensities (Wiener deconvolution of an assumed Gaussian blur), takes what sharpening would
 * move each voxel by as a residual, fits a smooth field to the residuals and adds it to the
 * estimate. N4 fits a B-spline; a low-degree polynomial in world coordinates serves here. The
 * field is then evaluated on the coarse grid and interpolated to every voxel.
 */
public final class BiasFieldCorrector {
  private final BiasFieldOptions options;

  public BiasFieldCorrector(BiasFieldOptions options) {
    this.options = options;
  }

  public BiasCorrection correct(Volume input) {
    VolumeChecks.requireUsable(input, "bias-field input", 4);
    Volume v = VolumeChecks.finite(input);
    Volume coarse = Pyramid.level(v, options.gridMm());
    float[] c = coarse.voxels();
    boolean[] mask = headMask(c);
    int n = 0;
    for (boolean b : mask) {
      n += b ? 1 : 0;
    }
    if (n < 50) {
      throw new org.neurojepa.preprocessing.InvalidInputException(
          "bias-field input has too few head voxels (" + n + " on a " + options.gridMm() + " mm grid) to fit a field");
    }
    // World coordinates of masked coarse voxels, normalised to about [-1, 1] over the head.
    double[][] xyz = new double[n][];
    double[] logI = new double[n];
    int[] where = new int[n];
    double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    int nx = coarse.nx(), ny = coarse.ny();
    int s = 0;
    for (int idx = 0; idx < c.length; idx++) {
      if (mask[idx]) {
        double[] p = coarse.voxelToWorld().apply(idx % nx, (idx / nx) % ny, idx / (nx * ny));
        xyz[s] = p;
        for (int a = 0; a < 3; a++) {
          lo[a] = Math.min(lo[a], p[a]);
          hi[a] = Math.max(hi[a], p[a]);
        }
        logI[s] = Math.log(c[idx]);
        where[s] = idx;
        s++;
      }
    }
    double[] centre = new double[3], half = new double[3];
    for (int a = 0; a < 3; a++) {
      centre[a] = 0.5 * (lo[a] + hi[a]);
      half[a] = Math.max(1, 0.5 * (hi[a] - lo[a]));
    }
    Polynomial poly = new Polynomial(options.degree(), centre, half);
    double[][] basis = new double[n][];
    for (int i = 0; i < n; i++) {
      basis[i] = poly.basis(xyz[i][0], xyz[i][1], xyz[i][2]);
    }
    // Uniform weights: the normal equations are the same every iteration, factor them once.
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    LeastSquares ls = new LeastSquares(basis, ones, poly.terms());
    double[] coefficients = new double[poly.terms()];
    double[] logField = new double[n];
    double[] corrected = new double[n];
    double[] residual = new double[n];
    HistogramSharpener sharpener = new HistogramSharpener(200, options.fwhm(), options.wienerNoise());
    for (int it = 0; it < options.iterations(); it++) {
      for (int i = 0; i < n; i++) {
        corrected[i] = logI[i] - logField[i];
      }
      double[] sharpened = sharpener.sharpen(corrected);
      for (int i = 0; i < n; i++) {
        residual[i] = corrected[i] - sharpened[i];
      }
      double[] step = ls.solve(residual);
      double change = 0;
      for (int t = 0; t < step.length; t++) {
        coefficients[t] += step[t];
      }
      double mean = 0;
      for (int i = 0; i < n; i++) {
        double before = logField[i];
        logField[i] = dot(coefficients, basis[i]);
        mean += logField[i];
        change = Math.max(change, Math.abs(logField[i] - before));
      }
      mean /= n;
      for (int i = 0; i < n; i++) {
        logField[i] -= mean;
      }
      coefficients[0] -= mean;
      if (change < 1e-4) {
        break;
      }
    }
    float[] coarseField = new float[c.length];
    final double[] coef = coefficients;
    IntStream.range(0, coarse.nz()).parallel().forEach(k -> {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          double[] p = coarse.voxelToWorld().apply(i, j, k);
          double lf = dot(coef, poly.basis(p[0], p[1], p[2]));
          coarseField[i + nx * (j + ny * k)] = (float) Math.exp(Math.max(-1.5, Math.min(1.5, lf)));
        }
      }
    });
    Volume field = upsample(coarse.withVoxels(coarseField), v);
    float[] out = new float[v.voxelCount()];
    float[] f = field.voxels(), x = v.voxels();
    for (int k = 0; k < out.length; k++) {
      out[k] = x[k] / f[k];
    }
    return new BiasCorrection(v.withVoxels(out), field);
  }

  /** Voxels above Otsu's threshold of the coarse volume, holes along lines left as they are. */
  private static boolean[] headMask(float[] c) {
    double[] range = Histograms.quantiles(c, 0, 0.999);
    int bins = 128;
    int[] hist = new int[bins];
    int[] b = Histograms.bin(c, range[0], range[1], bins);
    for (int i : b) {
      hist[i]++;
    }
    long total = c.length;
    double sumAll = 0;
    for (int i = 0; i < bins; i++) {
      sumAll += (double) i * hist[i];
    }
    double sumB = 0, best = -1;
    long wB = 0;
    int threshold = 0;
    for (int t = 0; t < bins; t++) {
      wB += hist[t];
      if (wB == 0 || wB == total) {
        continue;
      }
      sumB += (double) t * hist[t];
      double mB = sumB / wB, mF = (sumAll - sumB) / (total - wB);
      double between = (double) wB * (total - wB) * (mB - mF) * (mB - mF);
      if (between > best) {
        best = between;
        threshold = t;
      }
    }
    double cut = range[0] + (threshold + 1) * (range[1] - range[0]) / bins;
    boolean[] mask = new boolean[c.length];
    for (int i = 0; i < c.length; i++) {
      mask[i] = c[i] > cut && c[i] > 0;
    }
    return mask;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  /** The coarse field on every voxel of {@code target}, trilinear, clamped to the coarse grid's edges. */
  private static Volume upsample(Volume coarse, Volume target) {
    Grid g = new Grid(coarse);
    Affine m = g.worldToVoxel.times(target.voxelToWorld());
    int nx = target.nx(), ny = target.ny();
    float[] out = new float[target.voxelCount()];
    boolean flat = g.nx < 2 || g.ny < 2 || g.nz < 2;
    double m00 = m.get(0, 0), m10 = m.get(1, 0), m20 = m.get(2, 0);
    IntStream.range(0, target.nz()).parallel().forEach(k -> {
      for (int j = 0; j < ny; j++) {
        double[] p = m.apply(0, j, k);
        for (int i = 0; i < nx; i++) {
          double x = clamp(p[0] + m00 * i, g.nx), y = clamp(p[1] + m10 * i, g.ny), z = clamp(p[2] + m20 * i, g.nz);
          out[i + nx * (j + ny * k)] = flat ? g.v[0] : (float) g.trilinear(x, y, z);
        }
      }
    });
    return target.withVoxels(out);
  }

  private static double clamp(double x, int n) {
    return Math.max(0, Math.min(n - 1, x));
  }
}
