package org.neurojepa.pacs.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Temporary files for instances' bytes, in {@code <root>/.spare}, with a background thread that
 * keeps a few empty ones created ahead: creating a file (inode, directory entry, file system
 * journal) costs several times more than writing 80 KB into it, and need not be on the path to the
 * acknowledgement. Leftovers are deleted at close, or at the next open.
 */
final class TemporaryFiles implements AutoCloseable {
  private static final int READY = 32;

  private final Path dir;
  private final Path spare;
  private final String prefix;
  private final AtomicLong names = new AtomicLong();
  private final Deque<Path> ready = new ArrayDeque<>();
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
   * Writes {@code length} bytes of {@code data} to a temporary file (page cache only), one created
   * ahead when there is one, and returns its path. The write runs in the caller's thread: on a
   * busy machine, handing it to another thread costs a wait for that thread to be scheduled.
   */
  Path write(byte[] data, int length) throws IOException {
    Path p;
    synchronized (this) {
      if (thread == null && !closed) {
        thread = new Thread(this::run, "instance-store-files-" + dir.getParent().getFileName());
        thread.setDaemon(true);
        thread.start();
      }
      failing = false;
      p = ready.poll();
      notifyAll();
    }
    if (p == null) {
      p = Files.createFile(spareName());
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data, 0, length);
      while (b.hasRemaining()) {
        ch.write(b);
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(p);
      throw e;
    }
    return p;
  }

  /** Keeps {@value #READY} empty files ready while there is room. */
  private void run() {
    while (true) {
      synchronized (this) {
        while (!closed && (ready.size() >= READY || failing)) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
      }
      try {
        Path p = Files.createFile(spareName());
        synchronized (this) {
          ready.add(p);
        }
      } catch (IOException e) {
        InstanceStore.LOG.warn("cannot create temporary files ahead in {}: {}", spare, e.toString());
        synchronized (this) {
          failing = true; // until the next write: no busy loop on a full or read-only disk
        }
      }
    }
  }

  /** Stops the thread and deletes the files created ahead. */
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
