package org.neurojepa.pacs.orthanc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.neurojepa.pacs.orthanc.OrthancException;
import org.neurojepa.pacs.orthanc.OrthancException.Kind;

/**
 * Sends one request to Orthanc: adds the credentials, retries what is safe to retry, and turns
 * every failure into an {@link OrthancException} that says what happened. Responses are always
 * closed here, so no connection outlives a call.
 */
public final class Transport {
  private static final long MAX_ERROR_BODY = 64 * 1024;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** Reads a successful answer; runs before the response is closed. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(Response response, ResponseBody body) throws IOException;
  }

  private final OkHttpClient client;
  private final String authorization;
  private final int retries;
  private final Duration backoff;
  private final ObjectMapper json;

  /**
   * @param authorization the Authorization header value, or null for none
   * @param retries how many times an idempotent request is sent again after a connection failure
   *     or a 5xx answer
   * @param backoff the wait before the first retry; it doubles for each further one (at most 10 s)
   */
  public Transport(OkHttpClient client, String authorization, int retries, Duration backoff, ObjectMapper json) {
    this.client = Objects.requireNonNull(client, "client");
    this.authorization = authorization;
    this.retries = retries;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.json = Objects.requireNonNull(json, "json");
  }

  public ObjectMapper json() {
    return json;
  }

  /** Sends {@code request} and parses the answer as JSON. */
  public JsonNode executeJson(Request request, boolean idempotent) {
    return execute(request, idempotent, (response, body) -> {
      try {
        JsonNode node = json.readTree(body.byteStream());
        if (node == null || node.isMissingNode()) {
          throw invalid(request, "empty body where JSON was expected");
        }
        return node;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new OrthancException(Kind.INVALID_RESPONSE, request.method(), request.url().toString(), response.code(),
            "", "", 1, e);
      }
    });
  }

  /**
   * Sends {@code request}; on a 2xx answer hands it to {@code reader}. Idempotent requests are sent
   * again after a refused connection or a 5xx answer, up to the configured number of retries.
   * Timeouts are not retried: the server was there and did not answer in time, and trying again
   * would multiply the wait the caller configured.
   */
  public <T> T execute(Request request, boolean idempotent, BodyReader<T> reader) {
    Request authorized = authorization == null ? request
        : request.newBuilder().header("Authorization", authorization).build();
    String method = request.method();
    String url = request.url().toString();
    int maxAttempts = idempotent ? retries + 1 : 1;
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = client.newCall(authorized).execute();
      } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
        if (attempt < maxAttempts) {
          pause(attempt, method, url);
          continue;
        }
        throw new OrthancException(Kind.CONNECTION_FAILED, method, url, 0, "", "", attempt, e);
      } catch (SocketTimeoutException e) {
        throw new OrthancException(Kind.TIMEOUT, method, url, 0, "", "", attempt, e);
      } catch (InterruptedIOException e) {
        // OkHttp's call timeout and a cancelled call surface as InterruptedIOException too.
        throw new OrthancException(Kind.TIMEOUT, method, url, 0, "", "", attempt, e);
      } catch (IOException e) {
        throw new OrthancException(Kind.IO_ERROR, method, url, 0, "", "", attempt, e);
      }
      try (response) {
        int code = response.code();
        if (response.isSuccessful()) {
          ResponseBody body = response.body();
          if (body == null) {
            throw invalid(request, "no body");
          }
          try {
            return reader.read(response, body);
          } catch (InterruptedIOException e) {
            throw new OrthancException(Kind.TIMEOUT, method, url, code, "", "", attempt, e);
          } catch (IOException e) {
            throw new OrthancException(Kind.IO_ERROR, method, url, code, "", "", attempt, e);
          }
        }
        if (code >= 500 && attempt < maxAttempts) {
          pause(attempt, method, url);
          continue;
        }
        String body = errorBody(response);
        throw new OrthancException(kindOf(code), method, url, code, orthancMessage(body), body, attempt, null);
      }
    }
  }

  private static Kind kindOf(int code) {
    return switch (code) {
      case 401 -> Kind.UNAUTHORIZED;
      case 403 -> Kind.FORBIDDEN;
      case 404 -> Kind.NOT_FOUND;
      default -> Kind.HTTP_ERROR;
    };
  }

  private static String errorBody(Response response) {
    try {
      return response.peekBody(MAX_ERROR_BODY).string();
    } catch (IOException e) {
      return "";
    }
  }

  /** "Message — Details" from Orthanc's JSON error body (HttpDescribeErrors), or "". */
  private String orthancMessage(String body) {
    if (body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        return "";
      }
      String message = node.path("Message").asText("");
      String details = node.path("Details").asText("");
      if (details.isEmpty() || details.equals(message)) {
        return message;
      }
      return message.isEmpty() ? details : message + " — " + details;
    } catch (IOException e) {
      return "";
    }
  }

  private void pause(int attempt, String method, String url) {
    long millis = Math.min(backoff.toMillis() << Math.min(attempt - 1, 20), MAX_BACKOFF.toMillis());
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OrthancException(Kind.IO_ERROR, method, url, 0, "interrupted while waiting to retry", "", attempt, e);
    }
  }

  private static OrthancException invalid(Request request, String why) {
    return new OrthancException(
        Kind.INVALID_RESPONSE, request.method(), request.url().toString(), 0, "", "", 1, new IllegalStateException(why));
  }
}
