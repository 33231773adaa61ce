package org.neurojepa.pacs.store;

import java.util.List;

/** A study in the store with its series, ordered by series number then UID. */
public record StudySummary(String studyInstanceUid, String patientId, List<SeriesSummary> series) {
  public StudySummary {
    series = List.copyOf(series);
  }

  public int instanceCount() {
    return series.stream().mapToInt(SeriesSummary::instanceCount).sum();
  }
}
