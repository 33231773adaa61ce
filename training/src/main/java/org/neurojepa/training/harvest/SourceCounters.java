package org.neurojepa.training.harvest;

/**
 * What a source has asked its archive for so far: queries (listing studies and series) and
 * retrievals (a series archive download, a C-MOVE), and what the retrievals brought.
 */
public record SourceCounters(long queries, long retrievals, long instances, long bytes) {
  public static final SourceCounters NONE = new SourceCounters(0, 0, 0, 0);

  /** What was asked for since {@code earlier}. */
  public SourceCounters since(SourceCounters earlier) {
    return new SourceCounters(queries - earlier.queries, retrievals - earlier.retrievals,
        instances - earlier.instances, bytes - earlier.bytes);
  }
}
