package org.neurojepa.pacs.internal.net;

/** A file or data set that cannot be parsed as DICOM. */
public final class MalformedDicomException extends Exception {
  public MalformedDicomException(String message, Throwable cause) {
    super(message, cause);
  }
}
