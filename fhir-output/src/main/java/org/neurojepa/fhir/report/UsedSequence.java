package org.neurojepa.fhir.report;

import java.util.Objects;

/**
 * A sequence the model read, with the registration quality numbers measured against the template:
 * mutual information (nats), PSNR (dB) and Pearson correlation.
 */
public record UsedSequence(
    SequenceType type, String seriesInstanceUid, double mutualInformation, double psnrDb, double pearsonR) {

  public UsedSequence {
    Objects.requireNonNull(type, "type");
    Uids.requireUid(seriesInstanceUid, "SeriesInstanceUID of the " + type.display() + " sequence");
    requireFinite(mutualInformation, "mutual information");
    requireFinite(psnrDb, "PSNR");
    requireFinite(pearsonR, "Pearson r");
    if (pearsonR < -1 || pearsonR > 1) {
      throw new IllegalArgumentException(type.display() + ": Pearson r " + pearsonR + " outside [-1, 1]");
    }
  }

  private static void requireFinite(double v, String what) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " is not a finite number: " + v);
    }
  }
}
