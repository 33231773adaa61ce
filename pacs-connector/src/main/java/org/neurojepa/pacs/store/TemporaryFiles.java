package org.neurojepa.pacs.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes instances' bytes to temporary files in {@code <root>/.spare} on a thread of its own, so
 * that the write runs while the receiving thread waits for the journal sync, and keeps a few empty
 * files created ahead while it is idle: creating a file (inode, directory entry, file system
 * journal) costs several times more than writing 80 KB into it. Leftovers are deleted at close, or
 * at the next open like any other temporary file.
 */
final class TemporaryFiles implements AutoCloseable {
  private static final int READY = 32;

  private record Task(byte[] data, int length, CompletableFuture<Path> result) {}

  private final Path dir;
  private final Path spare;
  private final String prefix;
  private final AtomicLong names = new AtomicLong();
  private final Deque<Path> ready = new ArrayDeque<>();
  private final Deque<Task> tasks = new ArrayDeque<>();
  private Thread thread;
  private boolean closed;
  private boolean failing;

  /** Names go in {@code dir}; files written by {@link #write} go in {@code spare}. */
  TemporaryFiles(Path dir, Path spare, String prefix) {
    this.dir = dir;
    this.spare = spare;
    this.prefix = prefix;
  }

  /** A name for a file not yet created (the caller creates it). */
  Path name() {
    return dir.resolve(prefix + "-" + names.incrementAndGet() + ".part");
  }

  private Path spareName() {
    return spare.resolve(prefix + "-" + names.incrementAndGet() + ".part");
  }

  /**
   * Writes {@code length} bytes of {@code data} (which the caller must not change until the
   * result is done) to a temporary file (page cache only) and completes with its path.
   */
  CompletableFuture<Path> write(byte[] data, int length) {
    Task task = new Task(data, length, new CompletableFuture<>());
    synchronized (this) {
      if (!closed) {
        if (thread == null) {
          thread = new Thread(this::run, "instance-store-files-" + dir.getParent().getFileName());
          thread.setDaemon(true);
          thread.start();
        }
        failing = false;
        tasks.add(task);
        notifyAll();
        return task.result();
      }
    }
    execute(task);
    return task.result();
  }

  private void run() {
    while (true) {
      Task task;
      synchronized (this) {
        while (tasks.isEmpty() && !closed && (ready.size() >= READY || failing)) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        task = tasks.poll();
        if (task == null && closed) {
          return;
        }
      }
      if (task != null) {
        execute(task);
        continue;
      }
      try {
        Path p = Files.createFile(spareName());
        synchronized (this) {
          ready.add(p);
        }
      } catch (IOException e) {
        InstanceStore.LOG.warn("cannot create temporary files ahead in {}: {}", dir, e.toString());
        synchronized (this) {
          failing = true; // until the next write: no busy loop on a full or read-only disk
        }
      }
    }
  }

  private void execute(Task task) {
    Path p;
    synchronized (this) {
      p = ready.poll();
    }
    try {
      if (p == null) {
        p = Files.createFile(spareName());
      }
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(task.data(), 0, task.length());
        while (b.hasRemaining()) {
          ch.write(b);
        }
      }
      task.result().complete(p);
    } catch (IOException | RuntimeException e) {
      if (p != null) {
        deleteQuietly(p);
      }
      task.result().completeExceptionally(e);
    }
  }

  /** Finishes the writes asked for, stops the thread and deletes the files created ahead. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      closed = true;
      t = thread;
      notifyAll();
    }
    if (t != null) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      ready.forEach(TemporaryFiles::deleteQuietly);
      ready.clear();
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      InstanceStore.LOG.warn("cannot delete {}: {}", p, e.toString());
    }
  }
}
