package org.neurojepa.pacs.series;

import java.time.Instant;
import java.util.Objects;

/**
 * A series went quiet: no new instance for the quiet period. {@code generation} counts completions
 * of the same series: 1 the first time, 2 when late instances re-opened it and it went quiet again,
 * and so on; a consumer re-runs (and supersedes its earlier result) on every generation.
 *
 * @param instanceCount distinct SOP instances received for the series so far
 */
public record SeriesCompleted(
    String studyInstanceUid, String seriesInstanceUid, int instanceCount, int generation, Instant at) {
  public SeriesCompleted {
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(at, "at");
    if (instanceCount < 1 || generation < 1) {
      throw new IllegalArgumentException("instanceCount and generation start at 1");
    }
  }
}
