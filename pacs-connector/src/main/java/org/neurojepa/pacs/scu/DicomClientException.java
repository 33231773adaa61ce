package org.neurojepa.pacs.scu;

import java.io.IOException;

/** The peer could not be reached, rejected the association, or broke it off. */
public final class DicomClientException extends IOException {
  public DicomClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
