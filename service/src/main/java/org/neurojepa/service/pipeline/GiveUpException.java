package org.neurojepa.service.pipeline;

/**
 * Thrown by a stage when retrying cannot help (a remote server refused the content for good):
 * the job goes straight to the dead letters with this message.
 */
public final class GiveUpException extends Exception {
  private static final long serialVersionUID = 1L;

  public GiveUpException(String message) {
    super(message);
  }
}
