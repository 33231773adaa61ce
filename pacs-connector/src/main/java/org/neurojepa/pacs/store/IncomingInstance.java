package org.neurojepa.pacs.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An instance being received: its DICOM Part 10 bytes (file meta information, then the data set as
 * it came off the wire). They are held in memory and committed through the store's journal; an
 * instance larger than the store's in-memory limit spills to a temporary file on the store's file
 * system and is committed the direct way (forced, renamed into place, directory forced).
 * {@link #commit()} makes it durable; {@link #close()} without a commit throws it away.
 */
public final class IncomingInstance implements AutoCloseable {
  private static final int INITIAL_BUFFER = 128 << 10;

  private final InstanceStore store;
  private final Path temporary;
  private final long inMemoryLimit;
  private final String callingAeTitle;
  private final String sopClassUid;
  private final String sopInstanceUid;
  private final Part10Stream stream = new Part10Stream();
  private byte[] buffer;
  private int count;
  private FileChannel channel;
  private OutputStream fileStream;
  private boolean finished;

  IncomingInstance(InstanceStore store, Path temporary, long inMemoryLimit,
      String callingAeTitle, String sopClassUid, String sopInstanceUid) {
    this.store = store;
    this.temporary = temporary;
    this.inMemoryLimit = inMemoryLimit;
    this.callingAeTitle = callingAeTitle;
    this.sopClassUid = sopClassUid;
    this.sopInstanceUid = sopInstanceUid;
    this.buffer = new byte[(int) Math.min(INITIAL_BUFFER, Math.max(inMemoryLimit, 1024))];
  }

  /** Where the Part 10 bytes go, meta information first. */
  public OutputStream stream() {
    return stream;
  }

  public String callingAeTitle() {
    return callingAeTitle;
  }

  public String sopClassUid() {
    return sopClassUid;
  }

  public String sopInstanceUid() {
    return sopInstanceUid;
  }

  /**
   * Makes the instance durable (journal append and sync, or for a spilled instance: force, rename,
   * directory sync) and puts its file in place; only when this returns may the C-STORE be answered
   * with success.
   */
  public StoredInstance commit() throws InstanceRejectedException {
    if (finished) {
      throw new IllegalStateException("already committed or closed");
    }
    finished = true;
    if (fileStream == null) {
      byte[] data = buffer;
      buffer = null;
      return store.commit(this, data, count);
    }
    try {
      fileStream.flush();
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      discard();
      throw store.reject(this, InstanceStore.statusForWriteFailure(e), "cannot write the instance: " + e.getMessage(), e);
    }
    return store.commit(this, temporary);
  }

  /** Throws the partial instance away unless it was committed. */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      discard();
    }
  }

  private void discard() {
    buffer = null;
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // the file is deleted next; a close failure loses nothing
    }
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      InstanceStore.LOG.warn("cannot delete temporary file {}: {}", temporary, e.toString());
    }
  }

  private void spill() throws IOException {
    channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    fileStream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    fileStream.write(buffer, 0, count);
    buffer = null;
  }

  private final class Part10Stream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (finished) {
        throw new IOException("the instance is already committed or closed");
      }
      if (fileStream == null && (long) count + len > inMemoryLimit) {
        spill();
      }
      if (fileStream != null) {
        fileStream.write(b, off, len);
        return;
      }
      if (count + len > buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(inMemoryLimit, Math.max(2L * buffer.length, (long) count + len)));
      }
      System.arraycopy(b, off, buffer, count, len);
      count += len;
    }
  }
}
