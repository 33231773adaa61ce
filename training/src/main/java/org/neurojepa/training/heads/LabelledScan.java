package org.neurojepa.training.heads;

import org.neurojepa.training.dataset.DatasetEntry;

/** One dataset scan with its labels (null: unknown), in the label table's column order. */
public record LabelledScan(DatasetEntry entry, Boolean[] labels) {
  public LabelledScan {
    labels = labels.clone();
  }

  @Override
  public Boolean[] labels() {
    return labels.clone();
  }

  /** The label at {@code index}: TRUE, FALSE or null when unknown. */
  public Boolean label(int index) {
    return labels[index];
  }
}
