package org.neurojepa.preprocessing.qc;

import java.util.Locale;
import org.neurojepa.preprocessing.Contrast;

/**
 * Minimum values a registered scan must reach; a threshold of {@code Double.NEGATIVE_INFINITY}
 * is not checked. Defaults come from measurements on generated good and degraded scans (see
 * README): against the Colin27 T1 template, Pearson and PSNR only mean something for T1w scans,
 * so T2w and FLAIR are held to mutual information alone.
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
      return new QcThresholds(0.45, 15.0, 0.75);
    }
    return new QcThresholds(0.25, OFF, OFF);
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
