package org.neurojepa.preprocessing.qc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.bias.BiasFieldCorrector;
import org.neurojepa.preprocessing.bias.BiasFieldOptions;
import org.neurojepa.preprocessing.registration.AffineRegistration;
import org.neurojepa.preprocessing.registration.Interpolation;
import org.neurojepa.preprocessing.registration.Metric;
import org.neurojepa.preprocessing.registration.RegistrationOptions;
import org.neurojepa.preprocessing.registration.RegistrationResult;
import org.neurojepa.preprocessing.registration.Resampler;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.testing.BenchFigures;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Measures QC metrics on generated good scans (random pose, bias, noise; T1-like, T2-like and FLAIR-like contrasts, our own
 * bias correction and registration) and on degraded ones (misregistration, heavy noise, motion
 * ghosts, noise-only input), the numbers behind the default thresholds.
 */
@Tag("bench")
class QcCalibrationBench {
  @Test
  void measuresGoodAndDegradedScans() throws Exception {
    Template t = Template.colin27();
    BiasFieldCorrector bias = new BiasFieldCorrector(BiasFieldOptions.defaults());
    SplittableRandom r = new SplittableRandom(7);
    List<String> lines = new ArrayList<>();
    BenchFigures f = new BenchFigures("qc_calibration");
    for (Contrast contrast : new Contrast[] {Contrast.T1W, Contrast.T2W, Contrast.FLAIR}) {
      double[] worstGood = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
      double[] bestBad = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
      for (int c = 0; c < 6; c++) {
        Affine truth = SyntheticScan.transform(r.nextDouble(-20, 20), r.nextDouble(-20, 20), r.nextDouble(-20, 20),
            r.nextDouble(-20, 20), r.nextDouble(-20, 20), r.nextDouble(-20, 20), r.nextDouble(0.9, 1.1));
        Affine grid = SyntheticScan.grid(truth, 176, 208, 176, 1, 1, 1.1);
        Volume s = SyntheticScan.make(truth, 176, 208, 176, grid);
        if (contrast == Contrast.T2W) {
          s = SyntheticScan.t2Like(s);
        } else if (contrast == Contrast.FLAIR) {
          s = SyntheticScan.flairLike(s);
        }
        s = SyntheticScan.noise(SyntheticScan.bias(s, 0.2 * c), 2 * c, c);
        Volume corrected = bias.correct(s).corrected();
        RegistrationOptions o = RegistrationOptions.defaults().withMetric(
            contrast == Contrast.T1W ? Metric.CORRELATION_RATIO : Metric.MUTUAL_INFORMATION).withRotationSearch(contrast != Contrast.T1W);
        RegistrationResult reg = AffineRegistration.register(corrected, t.image(), o);
        QcMetrics good = measure(t, corrected, reg.subjectToTemplate());
        lines.add(row(contrast, "good: bias " + 0.2 * c + ", noise " + 2 * c, good));
        min(worstGood, good);
        // Degradations of this scan.
        for (double deg : new double[] {4, 8, 15}) {
          Affine off = reg.subjectToTemplate().times(rotationAboutBrain(deg, r));
          QcMetrics m = measure(t, corrected, off);
          lines.add(row(contrast, "misregistered by " + deg + "° about a random axis", m));
          if (deg >= 8) {
            max(bestBad, m);
          }
        }
        for (double shift : new double[] {5, 10}) {
          QcMetrics m = measure(t, corrected, Affine.translation(shift, -shift, shift * 0.5).times(reg.subjectToTemplate()));
          lines.add(row(contrast, "misregistered by a " + shift + " mm shift", m));
          if (shift >= 10) {
            max(bestBad, m);
          }
        }
        if (c == 0 || c == 3) {
          Volume noisy = SyntheticScan.noise(s, 40, 99);
          QcMetrics m = measure(t, noisy, reg.subjectToTemplate());
          lines.add(row(contrast, "noise sigma 40 (SNR ≈ 2.5 in white matter)", m));
          max(bestBad, m);
          QcMetrics g = measure(t, ghosts(corrected, 0.6), reg.subjectToTemplate());
          lines.add(row(contrast, "motion ghosts, 4 copies at 60 %", g));
          max(bestBad, g);
        }
      }
      float[] v = new float[150 * 180 * 150];
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) (100 * r.nextDouble());
      }
      Volume noise = new Volume(150, 180, 150, v, SyntheticScan.grid(Affine.identity(), 150, 180, 150, 1.2, 1.2, 1.2));
      RegistrationResult nr = AffineRegistration.register(noise, t.image(), RegistrationOptions.defaults());
      QcMetrics nm = measure(t, noise, nr.subjectToTemplate());
      lines.add(row(contrast, "pure noise input", nm));
      max(bestBad, nm);
      String k = contrast.name().toLowerCase(Locale.ROOT);
      f.put("qc." + k + ".good.min_mi", worstGood[0]);
      f.put("qc." + k + ".good.min_psnr_db", worstGood[1]);
      f.put("qc." + k + ".good.min_pearson", worstGood[2]);
      f.put("qc." + k + ".bad.max_mi", bestBad[0]);
      f.put("qc." + k + ".bad.max_psnr_db", bestBad[1]);
      f.put("qc." + k + ".bad.max_pearson", bestBad[2]);
      // the defaults must still separate what this run measured, or they need re-deriving
      QcThresholds d = QcThresholds.defaults(contrast, Contrast.T1W);
      assertTrue(worstGood[0] >= d.minMutualInformation() && bestBad[0] < d.minMutualInformation(),
          contrast + ": MI threshold " + d.minMutualInformation() + " no longer separates good (min " + worstGood[0]
              + ") from degraded (max " + bestBad[0] + ")");
    }
    lines.forEach(System.out::println);
    for (int i = 0; i < lines.size(); i++) {
      f.put(String.format(Locale.ROOT, "qc.case.%02d", i), lines.get(i));
    }
    f.write();
  }

  private static String row(Contrast c, String what, QcMetrics m) {
    return String.format(Locale.ROOT, "%s %-50s MI %.3f PSNR %6.2f dB Pearson %6.3f", c, what, m.mutualInformation(),
        m.psnrDb(), m.pearson());
  }

  private static QcMetrics measure(Template t, Volume subject, Affine subjectToTemplate) {
    Volume reg = Resampler.resample(subject, subjectToTemplate, t.image(), Interpolation.CUBIC_BSPLINE);
    return QualityControl.measure(reg, t.image(), t.brainMask());
  }

  /** A rotation about the template brain centre (MNI (0, −18, 18)). */
  private static Affine rotationAboutBrain(double degrees, SplittableRandom r) {
    return Affine.translation(0, -18, 18)
        .times(Affine.rotation(degrees, r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)))
        .times(Affine.translation(0, 18, -18));
  }

  private static Volume ghosts(Volume v, double amplitude) {
    float[] x = v.voxels();
    float[] out = x.clone();
    int nx = v.nx(), ny = v.ny(), nz = v.nz();
    for (int g = 1; g <= 4; g++) {
      int shift = g * ny / 5;
      for (int k = 0; k < nz; k++) {
        for (int j = 0; j < ny; j++) {
          int src = (j + shift) % ny;
          for (int i = 0; i < nx; i++) {
            out[i + nx * (j + ny * k)] += (float) (amplitude / g * x[i + nx * (src + ny * k)]);
          }
        }
      }
    }
    return v.withVoxels(out);
  }

  private static void min(double[] acc, QcMetrics m) {
    acc[0] = Math.min(acc[0], m.mutualInformation());
    acc[1] = Math.min(acc[1], m.psnrDb());
    acc[2] = Math.min(acc[2], m.pearson());
  }

  private static void max(double[] acc, QcMetrics m) {
    acc[0] = Math.max(acc[0], m.mutualInformation());
    acc[1] = Math.max(acc[1], m.psnrDb());
    acc[2] = Math.max(acc[2], m.pearson());
  }
}
