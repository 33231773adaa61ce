package org.neurojepa.training.harvest;

/**
 * A harvest cannot go on: the archive is down, refuses our credentials or AE title, or the
 * dataset was made with other settings. Nothing half-done is left; running again after the cause
 * is fixed continues where the harvest stopped.
 */
public final class HarvestException extends Exception {
  public HarvestException(String message) {
    super(message);
  }

  public HarvestException(String message, Throwable cause) {
    super(message, cause);
  }
}
