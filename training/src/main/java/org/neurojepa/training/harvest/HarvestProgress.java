package org.neurojepa.training.harvest;

/**
 * Hears how a harvest goes, series by series. Called on the harvest's thread; an exception thrown
 * here ends the harvest (the dataset stays consistent: what is listed is complete).
 */
public interface HarvestProgress {
  /** The selection matched {@code studies} studies (after the limit) in the source. */
  default void studiesFound(int studies, String source, StudySelection selection) {}

  /** One series is done with (or found done before); {@code study} counts from 1. */
  default void seriesDone(int study, int studies, HarvestedSeries series) {}

  /** Every series of study {@code study} (from 1) has been looked at. */
  default void studyDone(int study, int studies, ArchivedStudy archived) {}

  default void finished(HarvestSummary summary) {}
}
