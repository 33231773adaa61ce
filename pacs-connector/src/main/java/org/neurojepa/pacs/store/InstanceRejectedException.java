package org.neurojepa.pacs.store;

import java.util.Objects;
import org.neurojepa.pacs.dicom.DicomStatus;

/** The store refused an instance; {@link #status()} is the C-STORE status to answer. */
public final class InstanceRejectedException extends Exception {
  private final transient DicomStatus status;

  public InstanceRejectedException(DicomStatus status, String reason) {
    super(reason);
    this.status = Objects.requireNonNull(status, "status");
  }

  public InstanceRejectedException(DicomStatus status, String reason, Throwable cause) {
    super(reason, cause);
    this.status = Objects.requireNonNull(status, "status");
  }

  public DicomStatus status() {
    return status;
  }
}
