package org.neurojepa.fhir.delivery;

import java.time.Duration;

/** Told about each failed attempt that will be retried, before the back-off wait. */
@FunctionalInterface
public interface DeliveryListener {
  void retrying(String reportIdentifier, int failedAttempt, String reason, Duration backoff);

  DeliveryListener NONE = (id, attempt, reason, backoff) -> {};
}
