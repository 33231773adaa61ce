package org.neurojepa.fhir.delivery;

import java.util.List;

/** The report is on the server; {@code entries} follow the transaction's order. */
public record Delivered(String reportIdentifier, int attempts, List<EntryResult> entries)
    implements DeliveryOutcome {
  public Delivered {
    entries = List.copyOf(entries);
  }

  /** Server location (Type/id/_history/n) of the first entry of {@code resourceType}. */
  public String locationOf(String resourceType) {
    return entries.stream().filter(e -> e.resourceType().equals(resourceType)).findFirst()
        .map(EntryResult::location)
        .orElseThrow(() -> new IllegalArgumentException("no " + resourceType + " in this delivery"));
  }

  /** True when every resource already existed: this was a repeat of an earlier delivery. */
  public boolean wasRepeat() {
    return entries.stream().noneMatch(EntryResult::created);
  }
}
