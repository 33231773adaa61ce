package org.neurojepa.preprocessing.series;

/** Why a series is not sent to the model. */
public enum RejectionReason {
  NOT_MR,
  LOCALIZER,
  DERIVED,
  DIFFUSION,
  SWI,
  PERFUSION,
  FUNCTIONAL,
  SPECTROSCOPY,
  ANGIOGRAPHY,
  NON_BRAIN,
  TOO_FEW_SLICES,
  INCONSISTENT_GEOMETRY,
  /** A contrast the model does not take: proton density, T2*, STIR … */
  OTHER_CONTRAST,
  /** Neither timing nor names say what the series is. */
  UNRECOGNISED
}
