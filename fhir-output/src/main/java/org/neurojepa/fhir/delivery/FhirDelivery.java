package org.neurojepa.fhir.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.r4.model.Bundle;
import org.neurojepa.fhir.delivery.internal.OutcomeText;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.fhir.report.ValidationIssue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a report to a FHIR server as one transaction of conditional creates, and retries until
 * it is there or clearly cannot be.
 *
 * <p>Connection failures, timeouts and 5xx answers (and 408, 409, 429, which name passing
 * conditions) are retried with exponential back-off up to {@code maxAttempts}; every other 4xx
 * answer is final and becomes a {@link DeadLetter} carrying the server's OperationOutcome text.
 * Because each resource is created only if its identifier is not found, a retry after a timeout
 * (when the first attempt did reach the server) changes nothing on the server.
 *
 * <p>TLS comes from an {@code https} base URL and the JVM's trust store; proxies from the usual
 * system properties. Close the delivery to release its connections.
 */
public final class FhirDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FhirDelivery.class);

  private final String baseUrl;
  private final FhirContext context;
  private final CloseableHttpClient http;
  private final IGenericClient client;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final DeliveryListener listener;
  private final ReportValidator validator;

  private FhirDelivery(Builder b) {
    this.baseUrl = b.baseUrl;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.listener = b.listener;
    this.validator = b.validator;
    // A context of its own: the client factory (and so the HTTP client) is per context.
    this.context = FhirContext.forR4();
    RequestConfig timeouts = RequestConfig.custom()
        .setConnectTimeout(millis(b.connectTimeout))
        .setConnectionRequestTimeout(millis(b.connectTimeout))
        .setSocketTimeout(millis(b.readTimeout))
        .build();
    PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(30, TimeUnit.SECONDS);
    connections.setMaxTotal(8);
    connections.setDefaultMaxPerRoute(8);
    this.http = HttpClients.custom()
        .useSystemProperties()
        .setConnectionManager(connections)
        .setDefaultRequestConfig(timeouts)
        .disableAutomaticRetries()
        .build();
    context.getRestfulClientFactory().setHttpClient(http);
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    this.client = context.newRestfulGenericClient(baseUrl);
    if (b.bearerToken != null) {
      client.registerInterceptor(new BearerTokenAuthInterceptor(b.bearerToken));
    } else if (b.basicUser != null) {
      client.registerInterceptor(new BasicAuthInterceptor(b.basicUser, b.basicPassword));
    }
  }

  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Delivers {@code report}, blocking through retries. Never throws for a server's or the
   * network's behaviour: the outcome says what happened.
   */
  public DeliveryOutcome deliver(ReportResources report) {
    String id = report.reportIdentifier();
    Bundle transaction = report.transaction();
    if (validator != null) {
      List<ValidationIssue> errors = new ArrayList<>();
      report.entries().forEach(e -> errors.addAll(validator.errors(e.resource())));
      errors.addAll(validator.errors(transaction));
      if (!errors.isEmpty()) {
        return new DeadLetter(id, 0, DeadLetter.Cause.INVALID,
            "does not validate against FHIR R4: " + String.join("; ", errors.stream().map(Object::toString).toList()),
            json(transaction));
      }
    }
    String lastFailure = "";
    // a server's OperationOutcome may quote the resources it refused (patient name, identifier):
    // the log gets the HTTP status only, the text stays with the dead letter and the listener
    String lastLogged = "";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        Bundle response = client.transaction().withBundle(transaction).execute();
        Delivered delivered = new Delivered(id, attempt, entries(transaction, response));
        LOG.info("FHIR-001 delivered report {} to {} on attempt {} ({})", id, baseUrl, attempt,
            delivered.wasRepeat() ? "already there" : "created");
        return delivered;
      } catch (FhirClientConnectionException e) {
        lastFailure = "cannot reach " + baseUrl + ": " + rootMessage(e);
        lastLogged = lastFailure;
      } catch (BaseServerResponseException e) {
        String reason = OutcomeText.of(e);
        if (!retryable(e.getStatusCode())) {
          LOG.warn("FHIR-002 server refused report {} with HTTP {} (its OperationOutcome is kept with the dead letter)",
              id, e.getStatusCode());
          return new DeadLetter(id, attempt, DeadLetter.Cause.REFUSED, reason, json(transaction));
        }
        lastFailure = reason;
        lastLogged = "HTTP " + e.getStatusCode();
      }
      if (attempt == maxAttempts) {
        break;
      }
      Duration backoff = backoff(attempt);
      LOG.info("FHIR-003 attempt {} of {} for report {} failed ({}); next in {} ms", attempt, maxAttempts, id,
          lastLogged, backoff.toMillis());
      listener.retrying(id, attempt, lastFailure, backoff);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DeadLetter(id, attempt, DeadLetter.Cause.INTERRUPTED,
            "interrupted after attempt " + attempt + "; last failure: " + lastFailure, json(transaction));
      }
    }
    LOG.warn("FHIR-004 gave up on report {} after {} attempts: {}", id, maxAttempts, lastLogged);
    return new DeadLetter(id, maxAttempts, DeadLetter.Cause.EXHAUSTED,
        "gave up after " + maxAttempts + " attempts; last failure: " + lastFailure, json(transaction));
  }

  /** 408 Request Timeout, 409 Conflict (two concurrent conditional creates) and 429 pass; other 4xx do not. */
  static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 409 || status == 429;
  }

  Duration backoff(int failedAttempt) {
    long ms = initialBackoff.toMillis();
    for (int i = 1; i < failedAttempt && ms < maxBackoff.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
  }

  private static List<EntryResult> entries(Bundle request, Bundle response) {
    List<EntryResult> results = new ArrayList<>();
    for (int i = 0; i < response.getEntry().size(); i++) {
      Bundle.BundleEntryResponseComponent r = response.getEntry().get(i).getResponse();
      String type = i < request.getEntry().size() ? request.getEntry().get(i).getResource().fhirType() : "?";
      results.add(new EntryResult(type, r.getLocation(), r.getStatus() != null && r.getStatus().startsWith("201")));
    }
    return results;
  }

  private String json(Bundle bundle) {
    return context.newJsonParser().encodeResourceToString(bundle);
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      LOG.warn("FHIR-005 closing the HTTP client: {}", e.toString());
    }
  }

  /** Settings of a {@link FhirDelivery}; see the README for defaults. */
  public static final class Builder {
    private final String baseUrl;
    private String bearerToken;
    private String basicUser;
    private String basicPassword;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private DeliveryListener listener = DeliveryListener.NONE;
    private ReportValidator validator;

    private Builder(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI uri;
      try {
        uri = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("FHIR base URL is not a URL: '" + baseUrl + "'", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("FHIR base URL must be http(s)://host[:port]/path: '" + baseUrl + "'");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new IllegalArgumentException("FHIR base URL must not have a query or fragment: '" + baseUrl + "'");
      }
      this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Builder bearerToken(String token) {
      if (token == null || token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("bearer token must be non-blank without whitespace");
      }
      this.bearerToken = token;
      this.basicUser = null;
      this.basicPassword = null;
      return this;
    }

    public Builder basicAuth(String user, String password) {
      if (user == null || user.isEmpty() || user.contains(":")) {
        throw new IllegalArgumentException("basic-auth user must be non-empty without ':'");
      }
      this.basicUser = user;
      this.basicPassword = Objects.requireNonNull(password, "password");
      this.bearerToken = null;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connect timeout");
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d, "read timeout");
      return this;
    }

    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max attempts must be at least 1: " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** Wait after the first failure; doubled after each further one, up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = positive(initial, "initial back-off");
      this.maxBackoff = positive(max, "maximum back-off");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("maximum back-off " + max + " is below the initial " + initial);
      }
      return this;
    }

    public Builder listener(DeliveryListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** Validate before sending; a report with errors becomes an INVALID dead letter, unsent. */
    public Builder validateWith(ReportValidator v) {
      this.validator = Objects.requireNonNull(v, "validator");
      return this;
    }

    public FhirDelivery build() {
      return new FhirDelivery(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
