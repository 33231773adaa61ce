package org.neurojepa.service.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters on the audit trail; every present filter must match. Entries come oldest first;
 * {@code afterId} pages on from the last entry of the previous page.
 */
public record AuditQuery(
    Optional<Instant> from, Optional<Instant> to, Optional<String> actor, Optional<String> callingAe,
    Optional<String> studyUid, Optional<AuditAction> action, Optional<Long> afterId, int limit) {

  public static final int MAX_LIMIT = 10_000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  /** The first page. */
  public AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> actor, Optional<String> callingAe,
      Optional<String> studyUid, Optional<AuditAction> action, int limit) {
    this(from, to, actor, callingAe, studyUid, action, Optional.empty(), limit);
  }

  public static AuditQuery all() {
    return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), MAX_LIMIT);
  }

  /** The same filters, the page after the entry {@code lastId}. */
  public AuditQuery after(long lastId) {
    return new AuditQuery(from, to, actor, callingAe, studyUid, action, Optional.of(lastId), limit);
  }
}
