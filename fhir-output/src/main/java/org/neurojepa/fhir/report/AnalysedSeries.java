package org.neurojepa.fhir.report;

import java.util.Objects;
import java.util.Optional;

/**
 * One series of the study as the pipeline saw it: either kept as a {@link SequenceType} or
 * rejected with a reason. {@code instanceCount} takes part in the report identifier, so a series
 * re-opened by late instances yields a new report.
 */
public record AnalysedSeries(
    String seriesInstanceUid,
    Optional<Integer> seriesNumber,
    Optional<String> description,
    String modality,
    int instanceCount,
    Optional<SequenceType> sequenceType,
    Optional<String> rejectionReason) {

  public AnalysedSeries {
    Uids.requireUid(seriesInstanceUid, "SeriesInstanceUID");
    Objects.requireNonNull(seriesNumber, "seriesNumber");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(modality, "modality");
    if (modality.isBlank()) {
      throw new IllegalArgumentException("series " + seriesInstanceUid + ": empty modality");
    }
    if (instanceCount < 0) {
      throw new IllegalArgumentException("series " + seriesInstanceUid + ": negative instance count " + instanceCount);
    }
    Objects.requireNonNull(sequenceType, "sequenceType");
    Objects.requireNonNull(rejectionReason, "rejectionReason");
    if (sequenceType.isPresent() == rejectionReason.isPresent()) {
      throw new IllegalArgumentException(
          "series " + seriesInstanceUid + ": needs exactly one of a sequence type or a rejection reason");
    }
    rejectionReason.ifPresent(r -> {
      if (r.isBlank()) {
        throw new IllegalArgumentException("series " + seriesInstanceUid + ": blank rejection reason");
      }
    });
  }

  /** A series kept for the model. */
  public static AnalysedSeries kept(
      String uid, Integer number, String description, int instanceCount, SequenceType type) {
    return new AnalysedSeries(uid, Optional.ofNullable(number), Optional.ofNullable(description), "MR",
        instanceCount, Optional.of(type), Optional.empty());
  }

  /** A series the pipeline did not use, with the reason it gave. */
  public static AnalysedSeries rejected(
      String uid, Integer number, String description, String modality, int instanceCount, String reason) {
    return new AnalysedSeries(uid, Optional.ofNullable(number), Optional.ofNullable(description), modality,
        instanceCount, Optional.empty(), Optional.of(reason));
  }
}
