package org.neurojepa.training.harvest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A series fetched into scratch space: its DICOM files under {@link #directory()}. Closing it
 * removes them (the source knows how: a scratch folder, or its receiving node's store).
 */
public final class FetchedSeries implements AutoCloseable {
  /** How the source gives the scratch space back. */
  @FunctionalInterface
  public interface Release {
    void release() throws IOException;
  }

  private final Path directory;
  private final int instances;
  private final long bytes;
  private final Release release;
  private boolean closed;

  public FetchedSeries(Path directory, int instances, long bytes, Release release) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.instances = instances;
    this.bytes = bytes;
    this.release = Objects.requireNonNull(release, "release");
  }

  public Path directory() {
    return directory;
  }

  public int instances() {
    return instances;
  }

  public long bytes() {
    return bytes;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      release.release();
    }
  }
}
