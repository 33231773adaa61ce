package org.neurojepa.service.pipeline;

/**
 * A stage's failure whose full account may quote patient data (a FHIR server's OperationOutcome
 * naming the patient it refused): the job keeps {@link #getMessage()} as its last error, visible
 * to admins through the audited API, while the log gets {@link #logged()} only. {@code final}
 * failures go straight to the dead letters, because retrying cannot help.
 */
public final class StageFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String logged;
  private final boolean retryable;

  private StageFailure(String message, String logged, boolean retryable) {
    super(message);
    this.logged = logged;
    this.retryable = retryable;
  }

  /** Retried with back-off like any failure. */
  public static StageFailure retryable(String message, String logged) {
    return new StageFailure(message, logged, true);
  }

  /** Dead-lettered at once. */
  public static StageFailure giveUp(String message, String logged) {
    return new StageFailure(message, logged, false);
  }

  public String logged() {
    return logged;
  }

  public boolean retryable() {
    return retryable;
  }
}
