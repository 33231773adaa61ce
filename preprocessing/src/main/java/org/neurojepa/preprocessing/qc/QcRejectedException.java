package org.neurojepa.preprocessing.qc;

/** A scan that QC rejected; the message carries the numbers and thresholds. */
public final class QcRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient QcResult result;

  public QcRejectedException(QcResult result) {
    super(result.reason());
    this.result = result;
  }

  public QcResult result() {
    return result;
  }
}
