package org.neurojepa.pacs.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.neurojepa.pacs.internal.store.Journal;

/**
 * Makes the instance files written after their journal append durable in the background, in
 * batches: each file is forced, each touched directory is forced once per batch, and only then are
 * the journal records marked complete so their segment can be recycled. A failure leaves the
 * records incomplete: they are replayed at the next start.
 */
final class Checkpointer implements AutoCloseable {
  private static final int MAX_BATCH = 2048;
  /**
   * How long work gathers before a checkpoint. Forcing files one by one as they come would cost a
   * file system journal commit and a device flush per instance, in the way of the next
   * acknowledgement's journal sync; forcing a second's worth together costs about one commit (the
   * files' later fsyncs find their data already covered by it).
   */
  private static final long GATHER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  /** A file now in place (page cache only) whose journal record may go once it is durable. */
  record Work(Path file, List<Path> directories, Journal.Ticket ticket) {}

  private static final Work STOP = new Work(Path.of(""), List.of(), null);

  private final Journal journal;
  private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  Checkpointer(Journal journal, String name) {
    this.journal = journal;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  void submit(Work work) {
    queue.add(work);
  }

  private void run() {
    List<Work> batch = new ArrayList<>();
    while (true) {
      try {
        batch.clear();
        batch.add(queue.take());
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < MAX_BATCH && !batch.contains(STOP)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          Work next = queue.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
          queue.drainTo(batch, MAX_BATCH - batch.size());
        }
      } catch (InterruptedException e) {
        return;
      }
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        checkpoint(batch);
      }
      if (stop) {
        return;
      }
    }
  }

  private void checkpoint(List<Work> batch) {
    try {
      Set<Path> directories = new LinkedHashSet<>();
      for (Work w : batch) {
        force(w.file());
        directories.addAll(w.directories());
      }
      for (Path d : directories) {
        force(d);
      }
    } catch (IOException e) {
      InstanceStore.LOG.error("cannot make {} instance files durable; their journal records stay for replay at the next start",
          batch.size(), e);
      return;
    }
    batch.forEach(w -> journal.completed(w.ticket()));
    reclaim();
  }

  private void reclaim() {
    try {
      journal.reclaim();
    } catch (IOException e) {
      InstanceStore.LOG.error("cannot recycle or prepare journal segments", e);
    }
  }

  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (NoSuchFileException replacedSince) {
      // a later instance replaced or moved this one; that instance's own record and work cover it
    }
  }

  /** Finishes what was submitted, then stops. */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
