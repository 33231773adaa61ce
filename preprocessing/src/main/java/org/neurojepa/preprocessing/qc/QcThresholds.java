package org.neurojepa.preprocessing.qc;

import java.util.Locale;
import org.neurojepa.preprocessing.Contrast;

/**
 * Minimum values a registered scan must reach; a threshold of {@code Double.NEGATIVE_INFINITY}
 * is not checked. Defaults come from QcCalibrationBench (generated scans, Colin27 template):
 * same contrast as the template (T1w): good scans (bias up to ±50 %, Rician noise σ up to 10)
 * reached MI ≥ 0.713, PSNR ≥ 18.5 dB, Pearson ≥ 0.883; degraded ones (misregistered by ≥ 8° or
 * 10 mm, noise σ 40, motion ghosts, noise-only input) at most MI 0.195, PSNR 12.9 dB, Pearson
 * 0.557, and 4° misregistrations at most 0.335 / 15.1 dB / 0.658. Cross-contrast (T2-like
 * against the T1 template): good MI ≥ 1.057, degraded ≤ 0.351; FLAIR-like (CSF suppressed, grey
 * above white matter): good MI ≥ 0.938, degraded ≤ 0.357 (4° misregistrations ≤ 0.263). PSNR and
 * Pearson mean nothing across contrasts (a good T2 scores 5 dB and −0.99, a good FLAIR 11.6 dB and
 * 0.21, no better than a misregistered one), so only MI is checked.
 */
public record QcThresholds(double minMutualInformation, double minPsnrDb, double minPearson) {
  public static final double OFF = Double.NEGATIVE_INFINITY;

  public QcThresholds {
    if (Double.isNaN(minMutualInformation) || Double.isNaN(minPsnrDb) || Double.isNaN(minPearson)) {
      throw new IllegalArgumentException("QC thresholds must be numbers (use -Infinity to switch one off)");
    }
  }

  /** Defaults for a scan of this contrast against a template of {@code templateContrast}. */
  public static QcThresholds defaults(Contrast contrast, Contrast templateContrast) {
    if (contrast == templateContrast) {
      return new QcThresholds(0.45, 16.0, 0.75);
    }
    return new QcThresholds(0.6, OFF, OFF);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MI ≥ %s, PSNR ≥ %s dB, Pearson ≥ %s", show(minMutualInformation), show(minPsnrDb),
        show(minPearson));
  }

  private static String show(double v) {
    return v == OFF ? "off" : String.format(Locale.ROOT, "%.3g", v);
  }
}
