package org.neurojepa.pacs.orthanc;

import java.util.Objects;

/**
 * A request to Orthanc that did not give the expected answer. {@link #kind()} says what went
 * wrong in terms a caller can act on; the message names the method, the URL, the number of
 * attempts and whatever Orthanc said about it.
 */
public final class OrthancException extends RuntimeException {
  /** What went wrong. */
  public enum Kind {
    /** 401: no credentials, or wrong ones. */
    UNAUTHORIZED("wrong credentials (401)"),
    /** 403: Orthanc refused the request (e.g. remote access not allowed). */
    FORBIDDEN("forbidden (403)"),
    /** 404: the resource (or the modality, or the route) does not exist. */
    NOT_FOUND("not found (404)"),
    /** Any other HTTP error status; {@link #httpStatus()} and {@link #orthancMessage()} tell more. */
    HTTP_ERROR("HTTP error"),
    /** Nothing accepted the connection: the server is down or the URL is wrong. */
    CONNECTION_FAILED("server down / connection refused"),
    /** Connected, but no (complete) answer within the configured timeout. */
    TIMEOUT("timeout"),
    /** An I/O failure other than the above, e.g. the connection was reset mid-answer. */
    IO_ERROR("I/O error"),
    /** Orthanc answered 2xx with a body this client cannot read. */
    INVALID_RESPONSE("invalid response");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final Kind kind;
  private final String method;
  private final String url;
  private final int httpStatus;
  private final String orthancMessage;
  private final String body;
  private final int attempts;

  /**
   * @param httpStatus the status of Orthanc's answer, 0 when there was none
   * @param orthancMessage Orthanc's own explanation ("Message" and "Details" of its error body), or ""
   * @param body the raw body of an error answer, or ""
   */
  public OrthancException(
      Kind kind, String method, String url, int httpStatus, String orthancMessage, String body,
      int attempts, Throwable cause) {
    super(message(kind, method, url, httpStatus, orthancMessage, attempts, cause), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.method = Objects.requireNonNull(method, "method");
    this.url = Objects.requireNonNull(url, "url");
    this.httpStatus = httpStatus;
    this.orthancMessage = Objects.requireNonNull(orthancMessage, "orthancMessage");
    this.body = Objects.requireNonNull(body, "body");
    this.attempts = attempts;
  }

  private static String message(
      Kind kind, String method, String url, int status, String orthancMessage, int attempts, Throwable cause) {
    StringBuilder m = new StringBuilder(kind.description());
    if (kind == Kind.HTTP_ERROR) {
      m.append(" (").append(status).append(')');
    }
    m.append(kind == Kind.CONNECTION_FAILED ? " at " : ": ").append(method).append(' ').append(url);
    if (attempts > 1) {
      m.append(" after ").append(attempts).append(" attempts");
    }
    if (!orthancMessage.isEmpty()) {
      m.append(" — Orthanc says: ").append(orthancMessage);
    } else if (cause != null && cause.getMessage() != null) {
      m.append(" — ").append(cause.getMessage());
    }
    return m.toString();
  }

  public Kind kind() {
    return kind;
  }

  public String method() {
    return method;
  }

  public String url() {
    return url;
  }

  /** The HTTP status of Orthanc's answer; 0 when no answer came. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Orthanc's explanation from its JSON error body ("Message — Details"), or "". */
  public String orthancMessage() {
    return orthancMessage;
  }

  /** The raw body Orthanc sent with the error, or "". */
  public String body() {
    return body;
  }

  /** How many times the request was sent (more than one when idempotent and retried). */
  public int attempts() {
    return attempts;
  }
}
