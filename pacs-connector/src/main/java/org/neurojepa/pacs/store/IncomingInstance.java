package org.neurojepa.pacs.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An instance being received: its DICOM Part 10 bytes (file meta information, then the data set as
 * it came off the wire) go to a temporary file on the store's file system. {@link #commit()} makes
 * it durable; {@link #close()} without a commit throws it away.
 */
public final class IncomingInstance implements AutoCloseable {
  private final InstanceStore store;
  private final Path temporary;
  private final FileChannel channel;
  private final OutputStream stream;
  private final String callingAeTitle;
  private final String sopClassUid;
  private final String sopInstanceUid;
  private boolean finished;

  IncomingInstance(
      InstanceStore store, Path temporary, String callingAeTitle, String sopClassUid, String sopInstanceUid)
      throws IOException {
    this.store = store;
    this.temporary = temporary;
    this.callingAeTitle = callingAeTitle;
    this.sopClassUid = sopClassUid;
    this.sopInstanceUid = sopInstanceUid;
    this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
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
   * Forces the bytes to disk, checks the instance, renames it atomically into place and syncs the
   * directory; only when this returns may the C-STORE be answered with success.
   */
  public StoredInstance commit() throws InstanceRejectedException {
    if (finished) {
      throw new IllegalStateException("already committed or closed");
    }
    finished = true;
    try {
      stream.flush();
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
}
