package org.neurojepa.service.pipeline;

import java.time.Instant;

/** A unit of pipeline work: one stage for one series at one completion generation. */
public record Job(
    long id, String stage, String studyUid, String seriesUid, int generation, String state, int attempts,
    int maxAttempts, Instant runAfter, String leasedBy, String lastError) {}
