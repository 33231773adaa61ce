package org.neurojepa.training.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Ranking metrics of one binary label from scores and truths: the area under the ROC curve (the
 * Mann–Whitney probability that a positive outranks a negative, ties counting one half), the
 * average precision (area under the precision–recall curve as a step function, as scikit-learn
 * computes it) and the ROC curve's points with the threshold of each.
 */
public final class BinaryMetrics {
  private BinaryMetrics() {}

  /** One point of the ROC curve: the rates when scores ≥ {@code threshold} are called positive. */
  public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {}

  /** AUROC; NaN when either class is absent. */
  public static double auroc(double[] scores, boolean[] truth) {
    check(scores, truth);
    int n = scores.length;
    Integer[] order = sortedAscending(scores);
    double[] rank = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1; // 1-based midrank of the tie group
      for (int k = i; k <= j; k++) {
        rank[order[k]] = mid;
      }
      i = j + 1;
    }
    long positives = 0;
    double rankSum = 0;
    for (int k = 0; k < n; k++) {
      if (truth[k]) {
        positives++;
        rankSum += rank[k];
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Average precision: Σ (R_k − R_{k−1}) · P_k over distinct thresholds, high to low; NaN without positives. */
  public static double averagePrecision(double[] scores, boolean[] truth) {
    check(scores, truth);
    long positives = count(truth);
    if (positives == 0) {
      return Double.NaN;
    }
    Integer[] order = sortedAscending(scores);
    double ap = 0;
    double lastRecall = 0;
    long tp = 0;
    long fp = 0;
    int k = scores.length - 1;
    while (k >= 0) {
      double s = scores[order[k]];
      while (k >= 0 && scores[order[k]] == s) {
        if (truth[order[k]]) {
          tp++;
        } else {
          fp++;
        }
        k--;
      }
      double recall = (double) tp / positives;
      double precision = (double) tp / (tp + fp);
      ap += (recall - lastRecall) * precision;
      lastRecall = recall;
    }
    return ap;
  }

  /** The ROC curve from (0, 0) to (1, 1), one point per distinct score, high to low. */
  public static List<RocPoint> rocCurve(double[] scores, boolean[] truth) {
    check(scores, truth);
    long positives = count(truth);
    long negatives = truth.length - positives;
    List<RocPoint> points = new ArrayList<>();
    points.add(new RocPoint(Double.POSITIVE_INFINITY, 0, 0));
    if (positives == 0 || negatives == 0) {
      points.add(new RocPoint(Double.NEGATIVE_INFINITY, 1, 1));
      return points;
    }
    Integer[] order = sortedAscending(scores);
    long tp = 0;
    long fp = 0;
    int k = scores.length - 1;
    while (k >= 0) {
      double s = scores[order[k]];
      while (k >= 0 && scores[order[k]] == s) {
        if (truth[order[k]]) {
          tp++;
        } else {
          fp++;
        }
        k--;
      }
      points.add(new RocPoint(s, (double) fp / negatives, (double) tp / positives));
    }
    return points;
  }

  /**
   * The threshold that maximises Youden's J (sensitivity + specificity − 1), the usual operating
   * point when no clinical cost is given; 0.5 when either class is absent.
   */
  public static double youdenThreshold(double[] scores, boolean[] truth) {
    double best = -1;
    double threshold = 0.5;
    for (RocPoint p : rocCurve(scores, truth)) {
      double j = p.truePositiveRate() - p.falsePositiveRate();
      if (Double.isFinite(p.threshold()) && j > best) {
        best = j;
        threshold = p.threshold();
      }
    }
    return threshold;
  }

  private static Integer[] sortedAscending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    return order;
  }

  private static long count(boolean[] truth) {
    long c = 0;
    for (boolean t : truth) {
      if (t) {
        c++;
      }
    }
    return c;
  }

  private static void check(double[] scores, boolean[] truth) {
    if (scores.length != truth.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + truth.length + " truths");
    }
    for (double s : scores) {
      if (Double.isNaN(s)) {
        throw new IllegalArgumentException("a score is NaN");
      }
    }
  }
}
