package org.neurojepa.fhir.report;

import java.util.Objects;

/** A coded finding label: a code system URL, the code and its display text. */
public record FindingCode(String system, String code, String display) {
  public FindingCode {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(display, "display");
    if (!system.matches("(https?|urn):\\S+")) {
      throw new IllegalArgumentException("finding code system must be an absolute URI: '" + system + "'");
    }
    if (code.isBlank() || !code.equals(code.trim()) || code.contains("|")) {
      throw new IllegalArgumentException("finding code must be non-blank, without surrounding spaces or '|': '" + code + "'");
    }
    if (display.isBlank()) {
      throw new IllegalArgumentException("finding " + code + " has no display text");
    }
  }
}
