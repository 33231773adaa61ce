package org.neurojepa.service.feed.subscription;

/**
 * One notification sent to a subscriber: the request and its answer.
 *
 * @param status the HTTP status, or 0 when no answer came (the reason is in {@code error})
 * @param error why it failed, or null when it succeeded
 */
public record NotificationAttempt(String method, String url, int status, String error) {

  public boolean succeeded() {
    return error == null;
  }

  /** {@code PUT http://… -> 200}, for the audit trail and the job's last error. */
  public String describe() {
    return method + " " + url + " -> " + (status == 0 ? "no answer" : Integer.toString(status))
        + (error == null ? "" : " (" + error + ")");
  }
}
