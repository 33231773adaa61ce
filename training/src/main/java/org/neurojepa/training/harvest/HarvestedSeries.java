package org.neurojepa.training.harvest;

import java.util.Objects;
import java.util.Optional;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.training.dataset.Split;

/**
 * What a harvest did with one archived series.
 *
 * @param detail the rejection's code and reason, the failure's message, or where the input went
 * @param sequence the classified type, when classification accepted the series in this run
 * @param split the split of an accepted series
 * @param seconds fetch to manifest line, in this run
 */
public record HarvestedSeries(
    ArchivedSeries series, Status status, String detail, Optional<SequenceType> sequence, Optional<Split> split,
    double seconds) {

  /** The series' fate in this run. */
  public enum Status {
    /** In the dataset now: its input is in a shard and its line in the manifest. */
    ACCEPTED,
    /** Left out for a reason recorded in rejections.jsonl. */
    REJECTED,
    /** In the manifest or the rejection log already: not fetched. */
    ALREADY_DONE,
    /** Not done (the archive could not deliver it, or it broke preprocessing): the next run tries again. */
    FAILED
  }

  public HarvestedSeries {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(sequence, "sequence");
    Objects.requireNonNull(split, "split");
  }
}
