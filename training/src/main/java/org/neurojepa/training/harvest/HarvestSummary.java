package org.neurojepa.training.harvest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one harvest run.
 *
 * @param studiesFound studies matching the selection (after the limit)
 * @param studiesComplete of those, studies whose every series is now accepted or rejected
 * @param rejectedByCode this run's rejections, by reason code
 * @param failures this run's failed series, one line each (series and why)
 * @param fetched what was asked of the archive and brought from it in this run
 * @param datasetEntries manifest lines after the run
 * @param datasetRejections rejection log lines after the run
 * @param cleanedUp temporary or unlisted files an interrupted earlier run had left, removed at the start
 */
public record HarvestSummary(
    int studiesFound, int studiesComplete, int seriesAccepted, int seriesRejected, int seriesAlreadyDone,
    int seriesFailed, Map<String, Integer> rejectedByCode, List<String> failures, SourceCounters fetched,
    int datasetEntries, int datasetRejections, int cleanedUp, Duration elapsed) {
  public HarvestSummary {
    rejectedByCode = Map.copyOf(rejectedByCode);
    failures = List.copyOf(failures);
  }

  /** Every selected series is accepted or rejected: running again would change nothing. */
  public boolean complete() {
    return seriesFailed == 0;
  }
}
