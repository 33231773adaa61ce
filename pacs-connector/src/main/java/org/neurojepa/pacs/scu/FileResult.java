package org.neurojepa.pacs.scu;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What happened to one file of a send.
 *
 * @param sopInstanceUid empty when the file was skipped before it was read
 * @param detail why it failed or was skipped; empty on success
 */
public record FileResult(Path file, String sopInstanceUid, Outcome outcome, long bytes, String detail) {
  /** The C-STORE status class, or SKIPPED for a file that is not a DICOM instance. */
  public enum Outcome {
    SUCCESS,
    WARNING,
    FAILURE,
    SKIPPED
  }

  public FileResult {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }
}
