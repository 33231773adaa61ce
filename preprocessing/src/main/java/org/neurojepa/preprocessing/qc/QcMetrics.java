package org.neurojepa.preprocessing.qc;

import java.util.Locale;

/**
 * Agreement between a registered scan and its template inside the brain mask, both intensities
 * first mapped to [0, 1] by their own 0.5th–99.5th percentiles there.
 *
 * @param mutualInformation in nats, 32×32 bins
 * @param psnrDb peak signal-to-noise ratio of the scan against the template, peak 1
 * @param pearson correlation coefficient (negative for a T2-like scan against a T1 template)
 */
public record QcMetrics(double mutualInformation, double psnrDb, double pearson) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "MI %.3f, PSNR %.2f dB, Pearson %.3f", mutualInformation, psnrDb, pearson);
  }
}
