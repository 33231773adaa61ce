package org.neurojepa.pacs.scu;

import java.time.Duration;
import java.util.List;

/**
 * The result of sending a folder: one {@link FileResult} per file found, in path order, and totals.
 *
 * @param bytesSent sizes of the files handed to the association (successful or not)
 */
public record StoreResult(List<FileResult> files, long bytesSent, Duration elapsed) {
  public StoreResult {
    files = List.copyOf(files);
  }

  public long succeeded() {
    return count(FileResult.Outcome.SUCCESS);
  }

  public long warnings() {
    return count(FileResult.Outcome.WARNING);
  }

  public long failed() {
    return count(FileResult.Outcome.FAILURE);
  }

  public long skipped() {
    return count(FileResult.Outcome.SKIPPED);
  }

  /** True when every DICOM file was stored with success or warning. */
  public boolean allStored() {
    return failed() == 0;
  }

  private long count(FileResult.Outcome outcome) {
    return files.stream().filter(f -> f.outcome() == outcome).count();
  }

  @Override
  public String toString() {
    return String.format("%d stored, %d with warnings, %d failed, %d skipped, %d bytes in %d ms",
        succeeded(), warnings(), failed(), skipped(), bytesSent, elapsed.toMillis());
  }
}
