package org.neurojepa.pacs.scu;

import java.io.IOException;
import java.util.Optional;
import org.neurojepa.pacs.dicom.DicomStatus;

/**
 * The peer could not be reached, rejected the association, broke it off, or answered a request
 * with a failure status ({@link #status()}).
 */
public final class DicomClientException extends IOException {
  private final transient DicomStatus status;

  public DicomClientException(String message, Throwable cause) {
    super(message, cause);
    this.status = null;
  }

  /** The peer answered with a failure status. */
  public DicomClientException(String message, DicomStatus status) {
    super(message);
    this.status = status;
  }

  /** The failure status the peer answered with; empty when the association itself failed. */
  public Optional<DicomStatus> status() {
    return Optional.ofNullable(status);
  }
}
