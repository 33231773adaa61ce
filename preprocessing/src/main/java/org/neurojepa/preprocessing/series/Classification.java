package org.neurojepa.preprocessing.series;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision for one series: its sequence type (or rejection with a reason), whether it was
 * acquired after contrast, how sure we are (0–1), and the header evidence that led there.
 */
public record Classification(
    SequenceType type, boolean postContrast, double confidence, List<String> evidence,
    Optional<RejectionReason> rejection, String explanation) {

  public Classification {
    Objects.requireNonNull(type, "type");
    evidence = List.copyOf(evidence);
    Objects.requireNonNull(rejection, "rejection");
    Objects.requireNonNull(explanation, "explanation");
    if ((type == SequenceType.REJECTED) != rejection.isPresent()) {
      throw new IllegalArgumentException("a rejection reason goes with, and only with, type rejected");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be within [0, 1]: " + confidence);
    }
  }

  static Classification accepted(SequenceType type, boolean post, double confidence, List<String> evidence, String why) {
    return new Classification(type, post, confidence, evidence, Optional.empty(), why);
  }

  static Classification rejected(RejectionReason reason, boolean post, double confidence, List<String> evidence, String why) {
    return new Classification(SequenceType.REJECTED, post, confidence, evidence, Optional.of(reason), why);
  }

  public boolean isAccepted() {
    return type != SequenceType.REJECTED;
  }
}
