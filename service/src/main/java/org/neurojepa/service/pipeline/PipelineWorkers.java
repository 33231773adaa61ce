package org.neurojepa.service.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.neurojepa.service.config.PipelineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The threads that lease pipeline jobs and run their stage. A job interrupted by a stop or a
 * crash keeps its lease until it runs out and is then run again, which is why stages are
 * idempotent. Each run is timed ({@code neurojepa.job.duration}, by stage and outcome: done,
 * retry, dead).
 */
@Component
public final class PipelineWorkers implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineWorkers.class);

  private final JobQueue jobs;
  private final PipelineProperties properties;
  private final Map<String, Stage> stages;
  private final MeterRegistry registry;
  private final List<Thread> threads = new ArrayList<>();
  private final String instance = ProcessHandle.current().pid() + "@" + Replica.hostName();
  private volatile boolean running;

  public PipelineWorkers(JobQueue jobs, PipelineProperties properties, List<Stage> stages, MeterRegistry registry) {
    this.jobs = jobs;
    this.properties = properties;
    this.stages = stages.stream().collect(Collectors.toUnmodifiableMap(Stage::name, Function.identity()));
    this.registry = registry;
    // every stage's timers exist from the start, so that a scrape shows zeros rather than nothing
    for (String stage : this.stages.keySet()) {
      for (String outcome : List.of("done", "retry", "dead")) {
        timer(stage, outcome);
      }
    }
  }

  /** Seconds a stage took on one job, by how the attempt ended; buckets for the usual service levels. */
  private Timer timer(String stage, String outcome) {
    return Timer.builder("neurojepa.job.duration")
        .description("time a pipeline stage took on one job attempt, by stage and outcome (done, retry, dead)")
        .tag("stage", stage).tag("outcome", outcome)
        .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10))
        .register(registry);
  }

  @Override
  public synchronized void start() {
    running = true;
    for (int i = 1; i <= properties.workers(); i++) {
      Thread t = new Thread(this::work, "pipeline-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    LOG.info("{} pipeline workers for stages {}", properties.workers(), stages.keySet());
  }

  private void work() {
    String worker = instance + "/" + Thread.currentThread().getName();
    while (running) {
      Optional<Job> leased;
      try {
        leased = jobs.lease(worker, stages.keySet());
      } catch (RuntimeException e) {
        LOG.warn("leasing a job failed; retrying", e);
        sleep(properties.poll().toMillis() * 4);
        continue;
      }
      if (leased.isEmpty()) {
        sleep(properties.poll().toMillis());
        continue;
      }
      Job job = leased.get();
      long t0 = System.nanoTime();
      try {
        stages.get(job.stage()).run(job);
        long elapsed = System.nanoTime() - t0;
        jobs.complete(job);
        timer(job.stage(), "done").record(Duration.ofNanos(elapsed));
        LOG.info("job {} {} of series {} done in {} ms", job.id(), job.stage(), job.seriesUid(), elapsed / 1_000_000);
      } catch (Exception e) {
        long elapsed = System.nanoTime() - t0;
        boolean giveUp = e instanceof StageFailure f && !f.retryable();
        boolean dead = giveUp || job.attempts() >= job.maxAttempts();
        timer(job.stage(), dead ? "dead" : "retry").record(Duration.ofNanos(elapsed));
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        if (root != e) {
          error += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        LOG.warn("job {} {} of series {} failed (attempt {} of {}): {}", job.id(), job.stage(), job.seriesUid(),
            job.attempts(), job.maxAttempts(), e instanceof StageFailure f ? f.logged() : error);
        try {
          if (giveUp) {
            jobs.bury(job, error);
          } else {
            jobs.fail(job, error);
          }
        } catch (RuntimeException recordFailure) {
          LOG.error("could not record the failure of job {}; its lease will run out", job.id(), recordFailure);
        }
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the DICOM node (default phase), so that stages find the store ready. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE + 1;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
