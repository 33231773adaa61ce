package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * What the feed accepts as a Subscription (R4): a {@code rest-hook} channel to an absolute http(s)
 * endpoint, criteria on DiagnosticReport ({@link SubscriptionCriteria}), a payload of
 * {@code application/fhir+json} (the report is sent) or none (an empty ping), headers as
 * {@code Name: value}, and the status {@code requested} (or {@code active}), which the server
 * makes {@code active}, or {@code off}. Anything else is refused with the reason, which names
 * no header value or endpoint (refusals are logged, and those may carry credentials).
 */
public final class SubscriptionRules {
  public static final String FHIR_JSON = "application/fhir+json";

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Set by the server for every notification. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("connection", "content-length", "content-type", "host", "transfer-encoding");

  private SubscriptionRules() {}

  /** A Subscription the feed will act on. */
  public record Accepted(
      Subscription.SubscriptionStatus status, SubscriptionCriteria criteria, String endpoint, String payload,
      List<String> headers, Instant end) {}

  /** @throws IllegalArgumentException naming the first rule the Subscription breaks */
  public static Accepted check(Subscription s, FhirContext context) {
    Subscription.SubscriptionStatus status = switch (s.hasStatus() ? s.getStatus() : Subscription.SubscriptionStatus.NULL) {
      case REQUESTED, ACTIVE -> Subscription.SubscriptionStatus.ACTIVE;
      case OFF -> Subscription.SubscriptionStatus.OFF;
      case ERROR -> throw new IllegalArgumentException("status error is the server's to set; ask for requested");
      case NULL -> throw new IllegalArgumentException("status is required: requested (or off)");
    };
    if (!s.hasCriteria()) {
      throw new IllegalArgumentException("criteria is required, e.g. DiagnosticReport?status=final");
    }
    SubscriptionCriteria criteria = SubscriptionCriteria.parse(s.getCriteria(), context);
    Subscription.SubscriptionChannelComponent channel = s.getChannel();
    if (!channel.hasType() || channel.getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
      throw new IllegalArgumentException("channel.type must be rest-hook"
          + (channel.hasType() ? ", not " + channel.getType().toCode() : ""));
    }
    if (!channel.hasEndpoint()) {
      throw new IllegalArgumentException("channel.endpoint is required for a rest-hook");
    }
    String endpoint = endpoint(channel.getEndpoint());
    String payload = null;
    if (channel.hasPayload()) {
      payload = channel.getPayload().trim();
      if (!payload.equals(FHIR_JSON)) {
        throw new IllegalArgumentException("channel.payload must be " + FHIR_JSON + " or absent (a ping), not '"
            + payload + "'");
      }
    }
    List<String> headers = new ArrayList<>();
    for (StringType h : channel.getHeader()) {
      headers.add(header(h.getValue()));
    }
    Instant end = s.hasEnd() ? s.getEnd().toInstant() : null;
    return new Accepted(status, criteria, endpoint, payload, headers, end);
  }

  private static String endpoint(String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("channel.endpoint must be an absolute http or https URL");
      }
      if (uri.getRawUserInfo() != null) {
        // the endpoint is audited and logged with each notification; credentials go in a header
        throw new IllegalArgumentException("channel.endpoint must not carry credentials; send them as channel.header");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("channel.endpoint must have no query or fragment");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("channel.endpoint is not a URL");
    }
  }

  private static String header(String line) {
    int colon = line == null ? -1 : line.indexOf(':');
    if (colon <= 0 || !HEADER_NAME.matcher(line.substring(0, colon).trim()).matches()) {
      throw new IllegalArgumentException("channel.header lines must be 'Name: value'");
    }
    String name = line.substring(0, colon).trim();
    String value = line.substring(colon + 1).trim();
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("channel.header " + name + " is set by the server");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new IllegalArgumentException("channel.header " + name + " has a line break in its value");
    }
    return name + ": " + value;
  }
}
