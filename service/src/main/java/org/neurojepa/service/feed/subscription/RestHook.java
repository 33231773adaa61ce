package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Resource;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/**
 * The R4 rest-hook channel. With a payload, the resource goes by PUT to
 * {@code <endpoint>/<type>/<id>} (R4: "the URL is interpreted as the service base, and an update
 * (PUT) is made"); without one, an empty POST to the endpoint tells the subscriber to look. Any
 * 2xx answer is a success. Each notification uses a connection of its own, closed after it.
 */
@Component
public final class RestHook {
  private final FhirContext context;
  private final FeedProperties properties;

  public RestHook(FhirContext context, FeedProperties properties) {
    this.context = context;
    this.properties = properties;
  }

  public NotificationAttempt send(StoredSubscription subscription, Resource resource) {
    boolean withPayload = subscription.payload() != null;
    String base = subscription.endpoint().replaceAll("/+$", "");
    String url = withPayload ? base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart()
        : subscription.endpoint();
    String method = withPayload ? "PUT" : "POST";
    byte[] body = withPayload
        ? context.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8)
        : new byte[0];
    HttpURLConnection http = null;
    try {
      http = (HttpURLConnection) URI.create(url).toURL().openConnection();
      http.setConnectTimeout(Math.toIntExact(properties.notificationConnectTimeout().toMillis()));
      http.setReadTimeout(Math.toIntExact(properties.notificationReadTimeout().toMillis()));
      http.setInstanceFollowRedirects(false);
      http.setRequestMethod(method);
      http.setRequestProperty("Connection", "close");
      for (String header : subscription.headers()) {
        int colon = header.indexOf(':');
        http.setRequestProperty(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
      }
      http.setDoOutput(true);
      if (withPayload) {
        http.setRequestProperty("Content-Type", SubscriptionRules.FHIR_JSON + "; charset=UTF-8");
      }
      http.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = http.getOutputStream()) {
        out.write(body);
      }
      int status = http.getResponseCode();
      drain(status < 400 ? http.getInputStream() : http.getErrorStream());
      return new NotificationAttempt(method, url, status, status / 100 == 2 ? null : "HTTP " + status);
    } catch (IOException | RuntimeException e) {
      return new NotificationAttempt(method, url, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      if (http != null) {
        http.disconnect();
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    if (in != null) {
      try (in) {
        in.readAllBytes();
      }
    }
  }
}
