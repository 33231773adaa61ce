package org.neurojepa.preprocessing.nifti;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a NIfTI-1 image this project can read: corrupt, truncated or unsupported. */
public final class NiftiFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public NiftiFormatException(Path file, String reason) {
    super(file + ": " + reason);
  }

  public NiftiFormatException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
  }
}
