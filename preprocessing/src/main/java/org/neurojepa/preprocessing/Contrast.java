package org.neurojepa.preprocessing;

/** The MR contrasts the model takes, one volume each. */
public enum Contrast {
  T1W,
  T2W,
  FLAIR
}
