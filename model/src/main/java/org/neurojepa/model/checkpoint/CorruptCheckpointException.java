package org.neurojepa.model.checkpoint;

import java.io.IOException;

/** A weights or checkpoint file that cannot be read as what it claims to be. */
public final class CorruptCheckpointException extends IOException {
  public CorruptCheckpointException(String message) {
    super(message);
  }
}
