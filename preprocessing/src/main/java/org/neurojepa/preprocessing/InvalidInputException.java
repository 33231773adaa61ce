package org.neurojepa.preprocessing;

/** A volume that preprocessing cannot work on (NaN everywhere, constant, a single slice …); the message says why. */
public final class InvalidInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }
}
