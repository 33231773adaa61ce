package org.neurojepa.training.harvest;

import java.util.Objects;

/**
 * A series of an {@link ArchivedStudy}, as the archive lists it before anything is fetched.
 *
 * @param seriesNumber as the archive gives it ("" when it has none)
 * @param instances how many instances the archive holds; -1 when it did not say
 * @param sourceKey what the source needs to fetch it (Orthanc's ID; "" for a PACS)
 */
public record ArchivedSeries(
    String studyInstanceUid, String seriesInstanceUid, String modality, String seriesNumber, String seriesDescription,
    int instances, String sourceKey) {
  public ArchivedSeries {
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(seriesNumber, "seriesNumber");
    Objects.requireNonNull(seriesDescription, "seriesDescription");
    Objects.requireNonNull(sourceKey, "sourceKey");
    if (seriesInstanceUid.isBlank()) {
      throw new IllegalArgumentException("a series needs its SeriesInstanceUID");
    }
  }

  /** "#3 't1_mprage' 1.2.3…", for progress lines. */
  public String label() {
    return (seriesNumber.isEmpty() ? "" : "#" + seriesNumber + " ")
        + (seriesDescription.isEmpty() ? "" : "'" + seriesDescription + "' ") + seriesInstanceUid;
  }
}
