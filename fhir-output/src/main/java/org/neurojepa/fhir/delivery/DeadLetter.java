package org.neurojepa.fhir.delivery;

import java.util.Objects;

/**
 * A report that was not delivered, with the reason (for a refusal, the server's OperationOutcome
 * text) and the transaction Bundle as JSON, so that nothing is lost and it can be sent again.
 */
public record DeadLetter(String reportIdentifier, int attempts, Cause cause, String reason, String bundleJson)
    implements DeliveryOutcome {

  public enum Cause {
    /** The server answered 4xx: sending the same Bundle again would be refused again. */
    REFUSED,
    /** Connection failures, timeouts or 5xx answers until the last attempt. */
    EXHAUSTED,
    /** The resources did not validate against R4; nothing was sent. */
    INVALID,
    /** The delivering thread was interrupted between attempts. */
    INTERRUPTED
  }

  public DeadLetter {
    Objects.requireNonNull(reportIdentifier, "reportIdentifier");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(bundleJson, "bundleJson");
  }

  /** Whether sending again later may succeed without changing the Bundle. */
  public boolean retryable() {
    return cause == Cause.EXHAUSTED || cause == Cause.INTERRUPTED;
  }
}
