package org.neurojepa.preprocessing.testing;

import java.util.SplittableRandom;
import org.neurojepa.preprocessing.registration.Interpolation;
import org.neurojepa.preprocessing.registration.Resampler;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * A subject scan made from Colin27 under a known transform: the subject sees at its world point p
 * what the template shows at {@code subjectToTemplate}(p). Optional T2-like contrast, smooth
 * multiplicative bias field and Rician-like noise.
 */
public final class SyntheticScan {
  private SyntheticScan() {}

  /** The true transform: rotations (degrees) about x, y, z, a translation (mm) and an isotropic scale. */
  public static Affine transform(double rx, double ry, double rz, double tx, double ty, double tz, double scale) {
    return Affine.translation(tx, ty, tz)
        .times(Affine.rotation(rz, 0, 0, 1))
        .times(Affine.rotation(ry, 0, 1, 0))
        .times(Affine.rotation(rx, 1, 0, 0))
        .times(Affine.scaling(scale, scale, scale));
  }

  /**
   * An axis-aligned subject grid with the given voxel size whose centre is where the subject's
   * brain centre lies (MNI (0, −18, 18) carried back through the true transform), so that the
   * field of view holds the whole brain as a real acquisition would.
   */
  public static Affine grid(Affine subjectToTemplate, int nx, int ny, int nz, double dx, double dy, double dz) {
    double[] c = subjectToTemplate.inverse().apply(0, -18, 18);
    return Affine.translation(c[0] - dx * (nx - 1) / 2.0, c[1] - dy * (ny - 1) / 2.0, c[2] - dz * (nz - 1) / 2.0)
        .times(Affine.scaling(dx, dy, dz));
  }

  public static Volume make(Affine subjectToTemplate, int nx, int ny, int nz, Affine subjectGrid) {
    return Resampler.resample(Colin27.t1(), subjectToTemplate.inverse(), nx, ny, nz, subjectGrid,
        Interpolation.CUBIC_BSPLINE);
  }

  /**
   * T2-like contrast from a T1: tissue order reversed (CSF brightest, white matter darkest), air
   * kept dark. Colin27's CSF is ≈ 30–60, grey matter ≈ 70–95, white matter ≈ 100–120.
   */
  public static Volume t2Like(Volume t1) {
    float[] v = t1.voxels();
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      double x = v[k];
      double y;
      if (x < 15) {
        y = x * 4; // air and bone: dark
      } else {
        y = Math.max(10, 260 - 1.9 * x); // CSF ≈ 150–230, GM ≈ 80–125, WM ≈ 30–70
      }
      out[k] = (float) y;
    }
    return t1.withVoxels(out);
  }

  /**
   * A FLAIR-like contrast from the T1-like scan: fluid suppressed (CSF darker than white matter),
   * grey matter brighter than white matter, as ContrastSynthesis.FLAIR orders the classes.
   */
  public static Volume flairLike(Volume t1) {
    float[] v = t1.voxels();
    float[] out = new float[v.length];
    for (int k = 0; k < v.length; k++) {
      double x = v[k];
      double y;
      if (x < 15) {
        y = x * 4; // air and bone: dark
      } else if (x < 50) {
        y = 60; // CSF: suppressed
      } else if (x < 82) {
        y = 60 + (x - 50) * 5; // towards grey matter ≈ 220
      } else if (x < 110) {
        y = 220 - (x - 82) * 2.5; // towards white matter ≈ 150
      } else {
        y = 150;
      }
      out[k] = (float) y;
    }
    return t1.withVoxels(out);
  }

  /** Multiplies by exp(polynomial) with a peak-to-peak gain of about {@code strength} (0.4 = ±20 %). */
  public static Volume bias(Volume v, double strength) {
    float[] x = v.voxels();
    float[] out = new float[x.length];
    int nx = v.nx(), ny = v.ny(), nz = v.nz();
    for (int k = 0; k < nz; k++) {
      double z = 2.0 * k / (nz - 1) - 1;
      for (int j = 0; j < ny; j++) {
        double y = 2.0 * j / (ny - 1) - 1;
        for (int i = 0; i < nx; i++) {
          double xx = 2.0 * i / (nx - 1) - 1;
          double log = strength * 0.5 * (0.6 * xx + 0.5 * y * z - 0.4 * y * y + 0.3 * z + 0.3 * xx * y);
          int idx = i + nx * (j + ny * k);
          out[idx] = (float) (x[idx] * Math.exp(log));
        }
      }
    }
    return v.withVoxels(out);
  }

  /** Magnitude of a complex signal with Gaussian noise of {@code sigma} in each channel (Rician, as MR magnitude). */
  public static Volume noise(Volume v, double sigma, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = v.voxels();
    float[] out = new float[x.length];
    for (int k = 0; k < x.length; k++) {
      double re = x[k] + sigma * gaussian(r), im = sigma * gaussian(r);
      out[k] = (float) Math.sqrt(re * re + im * im);
    }
    return v.withVoxels(out);
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble(), w = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
  }

  /** Mean and max distance over Colin27 brain voxels between where the estimate and the truth put them. */
  public static double[] pointError(Affine estimatedSubjectToTemplate, Affine trueSubjectToTemplate) {
    Affine residual = estimatedSubjectToTemplate.times(trueSubjectToTemplate.inverse());
    Volume brain = Colin27.brain();
    double sum = 0, max = 0;
    long n = 0;
    for (int k = 0; k < brain.nz(); k++) {
      for (int j = 0; j < brain.ny(); j++) {
        for (int i = 0; i < brain.nx(); i++) {
          if (brain.get(i, j, k) > 0) {
            double[] q = brain.voxelToWorld().apply(i, j, k);
            double[] p = residual.apply(q[0], q[1], q[2]);
            double d = Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
            sum += d;
            max = Math.max(max, d);
            n++;
          }
        }
      }
    }
    return new double[] {sum / n, max};
  }
}
