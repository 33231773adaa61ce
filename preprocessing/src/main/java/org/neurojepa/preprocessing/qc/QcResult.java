package org.neurojepa.preprocessing.qc;

/** The QC decision: the measured numbers, the thresholds applied and, when rejected, why (with the numbers). */
public record QcResult(QcMetrics metrics, QcThresholds thresholds, boolean accepted, String reason) {}
