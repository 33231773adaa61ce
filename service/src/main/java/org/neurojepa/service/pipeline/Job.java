package org.neurojepa.service.pipeline;

import java.time.Instant;

/**
 * A unit of pipeline work: one stage for one series at one completion generation.
 *
 * @param finishedAt when it was done or dead-lettered; null while queued or running
 * @param nodeId the replica that must run it (it reads that replica's files); null: any replica
 */
public record Job(
    long id, String stage, String studyUid, String seriesUid, int generation, String state, int attempts,
    int maxAttempts, Instant runAfter, String leasedBy, String lastError, Instant createdAt, Instant finishedAt,
    String nodeId) {}
