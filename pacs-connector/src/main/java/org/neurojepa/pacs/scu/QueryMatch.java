package org.neurojepa.pacs.scu;

import java.util.Map;

/**
 * One identifier a C-FIND SCP returned: attribute values by DICOM keyword, trimmed of DICOM's
 * padding; several values of one attribute are separated by a backslash.
 */
public record QueryMatch(Map<String, String> values) {
  public QueryMatch {
    values = Map.copyOf(values);
  }

  /** The value of the attribute named by {@code keyword}; "" when the peer did not return it or left it empty. */
  public String value(String keyword) {
    return values.getOrDefault(keyword, "");
  }
}
