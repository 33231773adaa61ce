package org.neurojepa.fhir.report.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Search URLs for conditional creates: token values escaped per FHIR search, then URL-encoded. */
public final class ConditionalUrls {
  private ConditionalUrls() {}

  /** {@code Type?identifier=system|value}. */
  public static String byIdentifier(String resourceType, String system, String value) {
    return resourceType + "?identifier=" + token(system, value);
  }

  /** {@code Type?param=system|value} for any token or chained-token parameter. */
  public static String byToken(String resourceType, String parameter, String system, String value) {
    return resourceType + "?" + parameter + "=" + token(system, value);
  }

  private static String token(String system, String value) {
    return encode(escape(system) + "|" + escape(value));
  }

  /** FHIR search escapes {@code \ , $ |} in parameter values with a backslash. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == ',' || c == '$' || c == '|') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String encode(String s) {
    // Keep '|' and ':' readable; they are legal in a query and HAPI accepts them as they are.
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%7C", "|").replace("%3A", ":").replace("%2F", "/");
  }
}
