package org.neurojepa.training.harvest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An archive a harvest reads: lists the studies and series that match a selection, and fetches
 * one series at a time into scratch space. Implementations: {@link OrthancRestSource} (Orthanc's
 * REST API) and {@link QueryRetrieveSource} (any PACS, by C-FIND and C-MOVE into our own node).
 *
 * <p>A {@link HarvestException} means the archive cannot be used at all (down, our credentials or
 * AE title refused) and ends the harvest; an {@link IOException} from {@link #fetch} concerns that
 * one series, which is left undone and tried again by the next run.
 */
public interface HarvestSource extends AutoCloseable {
  /** Where the studies come from, for progress lines; never credentials. */
  String description();

  /** The MR studies matching {@code selection}, in any order; the harvest sorts and limits them. */
  List<ArchivedStudy> findStudies(StudySelection selection) throws HarvestException;

  /** The MR series of {@code study} (of the selection's body part, when it names one). */
  List<ArchivedSeries> findSeries(ArchivedStudy study, StudySelection selection) throws HarvestException;

  /** Fetches every instance of {@code series} into scratch space under {@code scratch}. */
  FetchedSeries fetch(ArchivedSeries series, Path scratch) throws HarvestException, IOException;

  /** What was asked of the archive and brought from it since this source was made. */
  SourceCounters counters();

  @Override
  void close();
}
