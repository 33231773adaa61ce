package org.neurojepa.service.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;

/** Requests to the running service over HTTP on loopback, as a client would send them. */
public final class HttpCalls {
  /** An answer: status, body bytes, and the headers the tests look at ({@code authenticate} is "" when absent). */
  public record Response(int status, byte[] bytes, String contentType, String link, String authenticate) {
    public String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The URL of the next page from the {@code Link} header, or null on the last page. */
    public String next() {
      if (link == null) {
        return null;
      }
      Matcher m = NEXT.matcher(link);
      if (!m.matches()) {
        throw new AssertionError("not a rel=next link: " + link);
      }
      return m.group(1);
    }
  }

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  public HttpCalls(int port) {
    this.port = port;
  }

  /** Calls to the web server of an application started in this JVM (on the port it published). */
  public static HttpCalls of(ApplicationContext app) {
    return new HttpCalls(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public Response get(String path, String authorization) throws IOException {
    return call("GET", path, authorization, null);
  }

  /** The body of a 200, or empty for a 404; any other answer fails the test. */
  public Optional<String> found(String path, String authorization) throws IOException {
    Response response = get(path, authorization);
    if (response.status() == 404) {
      return Optional.empty();
    }
    assertEquals(200, response.status(), path);
    return Optional.of(response.body());
  }

  /** The elements of the JSON array that a GET of {@code path} answers with a 200. */
  public List<JsonNode> array(String path, String authorization) throws IOException {
    List<JsonNode> elements = new ArrayList<>();
    JSON.readTree(found(path, authorization).orElseThrow(() -> new AssertionError(path + ": 404")))
        .forEach(elements::add);
    return elements;
  }

  /** {@code path} may be a full URL on this service (as a Link header gives it) or a path; {@code json} may be null. */
  public Response call(String method, String path, String authorization, String json) throws IOException {
    return call(method, path, authorization, "application/json", json);
  }

  /** As {@link #call(String, String, String, String)}, the body sent as {@code contentType}. */
  public Response call(String method, String path, String authorization, String contentType, String body)
      throws IOException {
    String url = path.startsWith("http") ? path : "http://127.0.0.1:" + port + path;
    HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
    http.setRequestMethod(method);
    http.setRequestProperty("Connection", "close");
    if (authorization != null) {
      http.setRequestProperty("Authorization", authorization);
    }
    if (body != null) {
      http.setDoOutput(true);
      http.setRequestProperty("Content-Type", contentType);
      try (OutputStream out = http.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      int status = http.getResponseCode();
      InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream();
      byte[] bytes = new byte[0];
      if (in != null) {
        try (in) {
          bytes = in.readAllBytes();
        }
      }
      String authenticate = http.getHeaderField("WWW-Authenticate");
      return new Response(status, bytes, http.getContentType(), http.getHeaderField("Link"),
          authenticate == null ? "" : authenticate);
    } finally {
      http.disconnect();
    }
  }
}
