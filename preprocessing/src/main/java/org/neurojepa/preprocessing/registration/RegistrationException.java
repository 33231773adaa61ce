package org.neurojepa.preprocessing.registration;

/** A registration that could not find a transform; the message says at which point and why. */
public final class RegistrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RegistrationException(String message) {
    super(message);
  }
}
