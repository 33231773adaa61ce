package org.neurojepa.fhir.report;

import java.util.regex.Pattern;

/** DICOM UID syntax (PS3.5 §9.1): digits and dots, no leading zero in a component, at most 64 characters. */
final class Uids {
  private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

  private Uids() {}

  static String requireUid(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (value.length() > 64 || !UID.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " is not a DICOM UID: '" + value + "'");
    }
    return value;
  }
}
