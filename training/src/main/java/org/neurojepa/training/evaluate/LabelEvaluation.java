package org.neurojepa.training.evaluate;

/**
 * One label's result on an evaluation split.
 *
 * @param label the label
 * @param positives scans with the label known positive
 * @param negatives scans with the label known negative
 * @param auroc area under the ROC curve with its bootstrap interval
 * @param auprc average precision with its bootstrap interval
 * @param operatingPoint the heads' threshold for this label
 * @param sensitivity true-positive rate at the operating point
 * @param specificity true-negative rate at the operating point
 */
public record LabelEvaluation(
    String label, int positives, int negatives, BootstrapInterval.Estimate auroc, BootstrapInterval.Estimate auprc,
    double operatingPoint, double sensitivity, double specificity) {}
