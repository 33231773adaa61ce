package org.neurojepa.service.api;

/** A request the API cannot serve as asked (a bad filter value, a limit out of range): a 400 with the reason. */
public final class InvalidRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidRequest(String reason) {
    super(reason);
  }
}
