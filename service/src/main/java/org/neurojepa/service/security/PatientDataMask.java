package org.neurojepa.service.security;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes patient names and identifiers from log text, as a last line of defence: the code logs
 * UIDs, never names or IDs, but a library's message or an exception may still quote a header.
 * Masked are the values after a patient attribute's keyword or tag (PatientID, PatientName,
 * PatientBirthDate, patientId=…, "(0010,0020) LO [..]"), and anything shaped like a DICOM person
 * name ({@code FAMILY^GIVEN}).
 */
public final class PatientDataMask {
  static final String MASK = "***";

  private static final String KEY = "(?:\\bpatient[ _.-]?(?:id|name|birth[ _-]?date)\\b"
      + "|\\(0010,00[1-3]0\\)(?:\\s+[A-Z]{2}\\b)?)";
  private static final Pattern KEYED = Pattern.compile(
      "(" + KEY + "[\"']?\\s*[:=]?\\s*)(\"[^\"]*\"|'[^']*'|\\[[^\\]]*\\]|[^\\s,;)}\\]\"']+)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PERSON_NAME = Pattern.compile("[\\p{L}][\\p{L}'.-]*(?:\\^[\\p{L}'.-]*)+");

  private PatientDataMask() {}

  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher keyed = KEYED.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (keyed.find()) {
      String value = keyed.group(2);
      String masked = switch (value.charAt(0)) {
        case '"' -> "\"" + MASK + "\"";
        case '\'' -> "'" + MASK + "'";
        case '[' -> "[" + MASK + "]";
        default -> MASK;
      };
      keyed.appendReplacement(out, Matcher.quoteReplacement(keyed.group(1) + masked));
    }
    keyed.appendTail(out);
    return PERSON_NAME.matcher(out).replaceAll(MASK);
  }
}
