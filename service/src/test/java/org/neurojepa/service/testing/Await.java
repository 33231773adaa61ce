package org.neurojepa.service.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls until something happens or a deadline passes, then fails naming what did not happen and
 * what was seen meanwhile (a process's output, the job list). Immutable: a test keeps one for its
 * deadline and what it shows, and waits on it as often as it needs.
 *
 * <pre>{@code
 * Await await = Await.upTo(Duration.ofMinutes(6)).showing(() -> "jobs: " + jobs.list(...));
 * await.until(() -> reports.current(studyUid).isPresent(), "the report");
 * }</pre>
 */
public final class Await {
  private final Duration timeout;
  private final Duration interval;
  private final Supplier<String> seen;
  private final Runnable check;

  private Await(Duration timeout, Duration interval, Supplier<String> seen, Runnable check) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.seen = Objects.requireNonNull(seen, "seen");
    this.check = Objects.requireNonNull(check, "check");
  }

  /** Waits up to {@code timeout}, looking every 200 ms. */
  public static Await upTo(Duration timeout) {
    return new Await(timeout, Duration.ofMillis(200), () -> "", () -> { });
  }

  /** Looks every {@code interval} instead. */
  public Await every(Duration interval) {
    return new Await(timeout, interval, seen, check);
  }

  /** On a timeout the failure also shows what {@code seen} says then. */
  public Await showing(Supplier<String> seen) {
    return new Await(timeout, interval, seen, check);
  }

  /** Runs {@code check} each time the condition does not hold yet; its failure (no job may die) ends the wait. */
  public Await checking(Runnable check) {
    return new Await(timeout, interval, seen, check);
  }

  /** Returns once {@code condition} holds; what it throws ends the wait. */
  public void until(Callable<Boolean> condition, String what) throws Exception {
    untilPresent(() -> Boolean.TRUE.equals(condition.call()) ? Optional.of(Boolean.TRUE) : Optional.empty(), what);
  }

  /** Returns the value once {@code probe} has one; what it throws ends the wait. */
  public <T> T untilPresent(Callable<Optional<T>> probe, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.call();
      if (value.isPresent()) {
        return value.get();
      }
      check.run();
      if (System.nanoTime() > deadline) {
        String shown = seen.get();
        throw new AssertionError(what + " did not happen within " + timeout + (shown.isEmpty() ? "" : ":\n" + shown));
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
