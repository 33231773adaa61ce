package org.neurojepa.service.pipeline;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs to list, newest first: every present filter must match; {@code beforeId} pages on
 * from the last job of the previous page.
 */
public record JobFilter(
    Optional<String> state, Optional<String> stage, Optional<String> studyUid, Optional<String> seriesUid,
    Optional<Long> beforeId, int limit) {

  /** The states a job can be in (the job table's CHECK constraint). */
  public static final Set<String> STATES = Set.of("queued", "running", "done", "dead");

  public JobFilter {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(studyUid, "studyUid");
    Objects.requireNonNull(seriesUid, "seriesUid");
    Objects.requireNonNull(beforeId, "beforeId");
    if (state.isPresent() && !STATES.contains(state.get())) {
      throw new IllegalArgumentException("state must be one of queued, running, done, dead; got '" + state.get() + "'");
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1..1000, got " + limit);
    }
  }
}
