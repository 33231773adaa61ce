package org.neurojepa.service.feed;

import java.time.Instant;

/**
 * One value of a search parameter in a resource: a token (system may be null), a reference to a
 * feed resource, or a date range whose ends are both inclusive.
 */
public record IndexEntry(
    String tokenSystem, String tokenValue, String refType, String refId, Instant dateLow, Instant dateHigh) {

  public static IndexEntry token(String system, String value) {
    return new IndexEntry(system == null || system.isEmpty() ? null : system, value, null, null, null, null);
  }

  public static IndexEntry reference(String type, String id) {
    return new IndexEntry(null, null, type, id, null, null);
  }

  public static IndexEntry date(Instant low, Instant high) {
    return new IndexEntry(null, null, null, null, low, high);
  }
}
