package org.neurojepa.training.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Train, validation and test sets, assigned per patient so that no patient's scans are on both
 * sides of an evaluation. The assignment is a hash of the patient key and a seed, not a shuffle:
 * a patient keeps its split when the archive grows, so a resumed or repeated harvest never moves
 * anyone.
 */
public enum Split {
  TRAIN("train"),
  VALIDATION("validation"),
  TEST("test");

  private final String label;

  Split(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Split ofLabel(String label) {
    for (Split s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown split: " + label + " (train, validation or test)");
  }

  /**
   * The split of {@code patientKey}: a uniform number in [0, 1) from SHA-256 of the seed and the
   * key, compared with the cumulative fractions.
   */
  public static Split forPatient(String patientKey, long seed, double trainFraction, double validationFraction) {
    if (trainFraction < 0 || validationFraction < 0 || trainFraction + validationFraction > 1) {
      throw new IllegalArgumentException("split fractions " + trainFraction + " / " + validationFraction
          + " must be non-negative and sum to at most 1");
    }
    double u = uniform(seed + ":" + patientKey);
    if (u < trainFraction) {
      return TRAIN;
    }
    return u < trainFraction + validationFraction ? VALIDATION : TEST;
  }

  private static double uniform(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long bits = 0;
      for (int i = 0; i < 7; i++) {
        bits = (bits << 8) | (h[i] & 0xff);
      }
      return (bits >>> 3) / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
