package org.neurojepa.pacs.dicom;

import java.util.Objects;

/**
 * A DICOM Application Entity title: 1 to 16 characters of the default character repertoire, no
 * backslash and no control characters; leading and trailing spaces are not significant (PS3.5 AE).
 */
public record AeTitle(String value) {
  public static final int MAX_LENGTH = 16;

  public AeTitle {
    Objects.requireNonNull(value, "AE title");
    value = value.trim();
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "AE title must have 1 to " + MAX_LENGTH + " characters, got '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "AE title '" + value + "' holds a backslash, a control or a non-ASCII character");
      }
    }
  }

  public static AeTitle of(String value) {
    return new AeTitle(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
