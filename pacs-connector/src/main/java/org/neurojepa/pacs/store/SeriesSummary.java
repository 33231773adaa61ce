package org.neurojepa.pacs.store;

import java.util.OptionalInt;

/** A series in the store: how many instances and bytes it holds. */
public record SeriesSummary(
    String studyInstanceUid,
    String seriesInstanceUid,
    String modality,
    String seriesDescription,
    OptionalInt seriesNumber,
    int instanceCount,
    long bytes) {}
