package org.neurojepa.preprocessing.series;

/** What the model accepts, or that a series was set aside. */
public enum SequenceType {
  T1W("T1w"),
  T2W("T2w"),
  FLAIR("FLAIR"),
  REJECTED("rejected");

  private final String label;

  SequenceType(String label) {
    this.label = label;
  }

  /** The label used in reports and tables: T1w, T2w, FLAIR or rejected. */
  public String label() {
    return label;
  }

  public static SequenceType ofLabel(String label) {
    for (SequenceType t : values()) {
      if (t.label.equalsIgnoreCase(label.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown sequence type: " + label);
  }
}
