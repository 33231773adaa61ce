package org.neurojepa.pacs.series;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurojepa.pacs.store.InstanceStoredListener;
import org.neurojepa.pacs.store.StoreOutcome;
import org.neurojepa.pacs.store.StoredInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a series is complete: DICOM has no "end of series", so a series is complete after a
 * quiet period with no new instance for it. Instances arriving after completion re-open the series;
 * it completes again with the next generation. An identical resend ({@link StoreOutcome#DUPLICATE})
 * changes nothing and does not re-open it.
 *
 * <p>Register it as an {@link InstanceStoredListener} of the store (or the node's builder).
 */
public final class SeriesAssembler implements InstanceStoredListener, AutoCloseable {
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(SeriesAssembler.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Duration quietPeriod;
  private final SeriesCompletedListener listener;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<String, SeriesState> series = new HashMap<>();

  private static final class SeriesState {
    final String studyInstanceUid;
    final Set<String> instances = new HashSet<>();
    int generation;
    long token;
    ScheduledFuture<?> pending;

    SeriesState(String studyInstanceUid) {
      this.studyInstanceUid = studyInstanceUid;
    }
  }

  public SeriesAssembler(Duration quietPeriod, SeriesCompletedListener listener) {
    this.quietPeriod = Objects.requireNonNull(quietPeriod, "quietPeriod");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException("the quiet period must be positive, got " + quietPeriod);
    }
    int n = INSTANCES.incrementAndGet();
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "series-assembler-" + n);
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  public Duration quietPeriod() {
    return quietPeriod;
  }

  @Override
  public void instanceStored(StoredInstance instance, StoreOutcome outcome) {
    if (outcome == StoreOutcome.DUPLICATE) {
      return;
    }
    synchronized (series) {
      if (timer.isShutdown()) {
        return;
      }
      SeriesState s = series.computeIfAbsent(instance.seriesInstanceUid(),
          k -> new SeriesState(instance.studyInstanceUid()));
      s.instances.add(instance.sopInstanceUid());
      if (s.pending != null) {
        s.pending.cancel(false);
      }
      long token = ++s.token;
      s.pending = timer.schedule(() -> complete(instance.seriesInstanceUid(), token),
          quietPeriod.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** The generation a series last completed with; empty while it never completed or is unknown. */
  public OptionalInt completedGeneration(String seriesInstanceUid) {
    synchronized (series) {
      SeriesState s = series.get(seriesInstanceUid);
      return s == null || s.generation == 0 ? OptionalInt.empty() : OptionalInt.of(s.generation);
    }
  }

  /** True while the series has instances that arrived within the quiet period. */
  public boolean isOpen(String seriesInstanceUid) {
    synchronized (series) {
      SeriesState s = series.get(seriesInstanceUid);
      return s != null && s.pending != null;
    }
  }

  private void complete(String seriesUid, long token) {
    SeriesCompleted event;
    synchronized (series) {
      SeriesState s = series.get(seriesUid);
      if (s == null || s.token != token) {
        return; // a newer instance re-armed the timer after this run was due
      }
      s.pending = null;
      s.generation++;
      event = new SeriesCompleted(s.studyInstanceUid, seriesUid, s.instances.size(), s.generation, Instant.now());
    }
    LOG.info("series {} complete: {} instances, generation {}", seriesUid, event.instanceCount(), event.generation());
    try {
      listener.seriesCompleted(event);
    } catch (RuntimeException e) {
      LOG.error("series listener failed on {}", seriesUid, e);
    }
  }

  /** Stops the timer; pending completions are dropped (they fire again after a restart's first instance). */
  @Override
  public void close() {
    synchronized (series) {
      timer.shutdownNow();
    }
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("series assembler timer still running after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
