package org.neurojepa.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.neurojepa.service.pipeline.JobFilter;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.pipeline.Stage;
import org.springframework.stereotype.Component;

/**
 * The queue's depth: a gauge {@code neurojepa.jobs} per stage of this service and job state. A
 * scrape reads every gauge at once, so the counts come from one grouped query, reused for a
 * second; jobs are rows in PostgreSQL, so replicas on one database all report the same queue.
 */
@Component
public final class JobQueueGauges {
  private static final Duration FRESH = Duration.ofSeconds(1);

  private final JobQueue jobs;
  private Map<String, Map<String, Long>> counts = Map.of();
  private long readAt = Long.MIN_VALUE;

  public JobQueueGauges(JobQueue jobs, List<Stage> stages, MeterRegistry registry) {
    this.jobs = jobs;
    for (String stage : new TreeSet<>(stages.stream().map(Stage::name).toList())) {
      for (String state : new TreeSet<>(JobFilter.STATES)) {
        Gauge.builder("neurojepa.jobs", this, g -> g.count(stage, state))
            .description("pipeline jobs by stage and state (queued, running, done, dead)")
            .tag("stage", stage).tag("state", state)
            .register(registry);
      }
    }
  }

  private synchronized double count(String stage, String state) {
    long now = System.nanoTime();
    if (readAt == Long.MIN_VALUE || now - readAt > FRESH.toNanos()) {
      counts = jobs.counts();
      readAt = now;
    }
    return counts.getOrDefault(stage, Map.of()).getOrDefault(state, 0L);
  }
}
