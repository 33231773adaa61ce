package org.neurojepa.fhir.report;

import java.util.Objects;

/**
 * One label's result: its probability and the operating point it is compared with. A probability at
 * or above the operating point is reported as high (positive), below it as normal.
 */
public record Finding(FindingCode code, double probability, double operatingPoint) {
  public Finding {
    Objects.requireNonNull(code, "code");
    requireUnit(probability, "probability of " + code.code());
    requireUnit(operatingPoint, "operating point of " + code.code());
  }

  public boolean positive() {
    return probability >= operatingPoint;
  }

  private static void requireUnit(double v, String what) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " must lie in [0, 1]: " + v);
    }
  }
}
