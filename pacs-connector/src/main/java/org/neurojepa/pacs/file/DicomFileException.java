package org.neurojepa.pacs.file;

import java.io.IOException;
import java.nio.file.Path;

/** A file we cannot read as a DICOM image, with the reason as a code and in words. */
public final class DicomFileException extends IOException {
  /** Why a file was refused. */
  public enum Reason {
    /** Neither a DICM preamble nor a plausible first data element. */
    NOT_DICOM,
    /** The file ends before a data element or the pixel data it announces. */
    TRUNCATED,
    /** An image was expected but the file has no (7FE0,0010) Pixel Data. */
    NO_PIXEL_DATA,
    /** Pixel data encoded with a transfer syntax we do not decode (compressed). */
    UNSUPPORTED_TRANSFER_SYNTAX,
    /** Pixel data we do not turn into scalars (colour, 32-bit, float …). */
    UNSUPPORTED_PIXEL_FORMAT,
    /** The toolkit refused the file for another reason, given in the message. */
    MALFORMED
  }

  private final Reason reason;
  private final Path file;

  public DicomFileException(Reason reason, Path file, String message) {
    this(reason, file, message, null);
  }

  public DicomFileException(Reason reason, Path file, String message, Throwable cause) {
    super(file + ": " + reason + ": " + message, cause);
    this.reason = reason;
    this.file = file;
  }

  public Reason reason() {
    return reason;
  }

  public Path file() {
    return file;
  }
}
