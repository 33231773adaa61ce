package org.neurojepa.pacs.series;

/** Told when a series completes; called on the assembler's single timer thread, one at a time. */
@FunctionalInterface
public interface SeriesCompletedListener {
  void seriesCompleted(SeriesCompleted event);
}
