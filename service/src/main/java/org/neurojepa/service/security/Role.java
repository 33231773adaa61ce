package org.neurojepa.service.security;

import java.util.Locale;

/**
 * What a caller may do. ADMIN changes things (POST, PUT, DELETE on /api/**) and reads everything;
 * AUDITOR reads /api/** and /fhir/**; FEED reads /fhir/** only.
 */
public enum Role {
  ADMIN,
  AUDITOR,
  FEED;

  /** The Spring Security authority for this role. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** Parses a role name case-insensitively; unknown names are a clear error. */
  public static Role parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown role '" + text + "' (known: ADMIN, AUDITOR, FEED)");
    }
  }
}
