package org.neurojepa.service.audit;

import java.time.Instant;
import java.util.Optional;

/** Filters on the audit trail; every present filter must match. */
public record AuditQuery(
    Optional<Instant> from, Optional<Instant> to, Optional<String> actor, Optional<String> callingAe,
    Optional<String> studyUid, Optional<AuditAction> action, int limit) {

  public AuditQuery {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000, got " + limit);
    }
  }

  public static AuditQuery all() {
    return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), 10_000);
  }
}
