package org.neurojepa.service.report;

/**
 * One label's probability for one series, with the operating point of the heads that produced it
 * (kept together, so a report made later from stored results calls findings as their model did).
 */
public record LabelProbability(String label, double probability, double operatingPoint) {
  public LabelProbability {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("a label is required");
    }
    if (!(probability >= 0 && probability <= 1) || !(operatingPoint >= 0 && operatingPoint <= 1)) {
      throw new IllegalArgumentException(label + ": probability and operating point must lie in [0, 1]");
    }
  }
}
