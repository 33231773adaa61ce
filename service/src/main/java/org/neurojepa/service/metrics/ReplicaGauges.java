package org.neurojepa.service.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.neurojepa.service.pipeline.Replicas;
import org.springframework.stereotype.Component;

/**
 * What an operator alerts on when replicas share a database: {@code neurojepa.replicas} by
 * state (alive, gone) and {@code neurojepa.jobs.stranded}, the queued or running jobs that wait
 * for a replica that is gone (their series' files are on its disk). Read from the database at
 * most once a second.
 */
@Component
public final class ReplicaGauges {
  private static final Duration FRESH = Duration.ofSeconds(1);

  private final Replicas replicas;
  private List<Replicas.Entry> entries = List.of();
  private long stranded;
  private long readAt = Long.MIN_VALUE;

  public ReplicaGauges(Replicas replicas, MeterRegistry registry) {
    this.replicas = replicas;
    for (String state : List.of("alive", "gone")) {
      Gauge.builder("neurojepa.replicas", this, g -> g.replicas(state.equals("alive")))
          .description("service replicas on this database, by whether they reported themselves in the last 15 s")
          .tag("state", state)
          .register(registry);
    }
    Gauge.builder("neurojepa.jobs.stranded", this, ReplicaGauges::stranded)
        .description("queued or running jobs bound to a replica that is gone (they wait for it)")
        .register(registry);
  }

  private synchronized void refresh() {
    long now = System.nanoTime();
    if (readAt == Long.MIN_VALUE || now - readAt > FRESH.toNanos()) {
      entries = replicas.list();
      stranded = replicas.strandedJobs();
      readAt = now;
    }
  }

  private synchronized double replicas(boolean alive) {
    refresh();
    return entries.stream().filter(e -> e.alive() == alive).count();
  }

  private synchronized double stranded() {
    refresh();
    return stranded;
  }
}
