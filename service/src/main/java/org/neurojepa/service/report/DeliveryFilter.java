package org.neurojepa.service.report;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Which deliveries to list, newest first; {@code beforeId} pages on from the previous page's last. */
public record DeliveryFilter(
    Optional<String> studyUid, Optional<Long> reportId, Optional<String> outcome, Optional<Long> beforeId, int limit) {

  public static final Set<String> OUTCOMES = Set.of("delivered", "refused", "exhausted", "invalid", "interrupted");

  public DeliveryFilter {
    Objects.requireNonNull(studyUid, "studyUid");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(beforeId, "beforeId");
    if (outcome.isPresent() && !OUTCOMES.contains(outcome.get())) {
      throw new IllegalArgumentException("outcome must be one of delivered, refused, exhausted, invalid, interrupted;"
          + " got '" + outcome.get() + "'");
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
    }
  }
}
