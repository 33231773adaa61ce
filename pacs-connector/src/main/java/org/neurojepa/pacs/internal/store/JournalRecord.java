package org.neurojepa.pacs.internal.store;

import java.util.Objects;

/**
 * One acknowledged instance as the journal keeps it until its file is durable: where the file goes
 * (relative to the store root, '/'-separated), the file it replaces elsewhere (or empty), and the
 * whole Part 10 bytes ({@code length} of {@code data}).
 */
public record JournalRecord(String target, String previous, byte[] data, int length) {
  public JournalRecord {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(data, "data");
    if (length < 0 || length > data.length) {
      throw new IllegalArgumentException("length " + length + " outside the data's " + data.length + " bytes");
    }
  }
}
