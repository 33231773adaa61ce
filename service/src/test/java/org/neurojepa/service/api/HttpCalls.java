package org.neurojepa.service.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests to the running service over HTTP on loopback, as a client would send them. */
final class HttpCalls {
  /** An answer: status, body bytes, and the headers the tests look at. */
  record Response(int status, byte[] bytes, String contentType, String link) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The URL of the next page from the {@code Link} header, or null on the last page. */
    String next() {
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

  private final int port;

  HttpCalls(int port) {
    this.port = port;
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Response get(String path, String authorization) throws IOException {
    return call("GET", path, authorization, null);
  }

  /** {@code path} may be a full URL on this service (as a Link header gives it) or a path. */
  Response call(String method, String path, String authorization, String json) throws IOException {
    String url = path.startsWith("http") ? path : "http://127.0.0.1:" + port + path;
    HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
    http.setRequestMethod(method);
    http.setRequestProperty("Connection", "close");
    if (authorization != null) {
      http.setRequestProperty("Authorization", authorization);
    }
    if (json != null) {
      http.setDoOutput(true);
      http.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = http.getOutputStream()) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      int status = http.getResponseCode();
      InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream();
      byte[] bytes = new byte[0];
      if (body != null) {
        try (body) {
          bytes = body.readAllBytes();
        }
      }
      return new Response(status, bytes, http.getContentType(), http.getHeaderField("Link"));
    } finally {
      http.disconnect();
    }
  }
}
