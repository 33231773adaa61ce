package org.neurojepa.preprocessing.registration;

/** The similarity the affine registration optimises. */
public enum Metric {
  /** 1 − η² of the subject's intensity given the template's: same-contrast cases (T1w to a T1 template). */
  CORRELATION_RATIO,
  /** Mattes mutual information (B-spline Parzen windows): any contrast against any template. */
  MUTUAL_INFORMATION
}
