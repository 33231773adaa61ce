package org.neurojepa.service.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The study pipeline's workers and retry policy. Prefix {@code neurojepa.pipeline}.
 *
 * @param workers threads leasing jobs in this service
 * @param maxAttempts a job that failed this often is dead-lettered with its last error
 * @param lease how long a leased job is reserved; a worker that dies loses its jobs after this
 * @param initialBackoff delay before the first retry, doubling up to {@code maxBackoff}
 * @param poll how often an idle worker looks for work
 * @param nodeId this replica's name among the replicas sharing one database: the series it received
 *     are classified, preprocessed and embedded here, where their files are. Empty: made from the
 *     host name and the data directory at the first start and kept in {@code <data-dir>/node-id}
 */
@Validated
@ConfigurationProperties("neurojepa.pipeline")
public record PipelineProperties(
    @Min(0) @Max(64) @DefaultValue("2") int workers,
    @Min(1) @DefaultValue("5") int maxAttempts,
    @NotNull @DefaultValue("10m") Duration lease,
    @NotNull @DefaultValue("5s") Duration initialBackoff,
    @NotNull @DefaultValue("5m") Duration maxBackoff,
    @NotNull @DefaultValue("500ms") Duration poll,
    @DefaultValue("") String nodeId) {}
