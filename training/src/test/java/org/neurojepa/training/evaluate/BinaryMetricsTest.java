package org.neurojepa.training.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AUROC, average precision and ROC points against hand-worked cases and a brute-force pair count. */
class BinaryMetricsTest {

  @Test
  void aurocCountsPairsWithTiesAsOneHalf() {
    // positives 0.9, 0.4; negatives 0.8, 0.4, 0.1: pairs (0.9>0.8)(0.9>0.4)(0.9>0.1)(0.4<0.8)(0.4=0.4)(0.4>0.1)
    double[] s = {0.9, 0.8, 0.4, 0.4, 0.1};
    boolean[] t = {true, false, true, false, false};
    assertEquals((1 + 1 + 1 + 0 + 0.5 + 1) / 6.0, BinaryMetrics.auroc(s, t), 1e-12);
  }

  @Test
  void aurocEqualsTheBruteForcePairCountOnRandomData() {
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 20; trial++) {
      int n = 5 + r.nextInt(60);
      double[] s = new double[n];
      boolean[] t = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(10) / 10.0; // many ties
        t[i] = r.nextBoolean();
      }
      t[0] = true;
      t[1] = false;
      double wins = 0;
      int pairs = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (t[i] && !t[j]) {
            pairs++;
            wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          }
        }
      }
      assertEquals(wins / pairs, BinaryMetrics.auroc(s, t), 1e-12);
    }
  }

  @Test
  void averagePrecisionIsTheStepAreaUnderPrecisionRecall() {
    // sorted high to low: 0.9(+) 0.8(-) 0.4(+) 0.1(-): recall steps at 0.9 (P 1) and 0.4 (P 2/3)
    double[] s = {0.9, 0.8, 0.4, 0.1};
    boolean[] t = {true, false, true, false};
    assertEquals(0.5 * 1 + 0.5 * (2.0 / 3), BinaryMetrics.averagePrecision(s, t), 1e-12);
    // a perfect ranking has AP 1 and AUROC 1
    assertEquals(1.0, BinaryMetrics.averagePrecision(new double[] {3, 2, 1}, new boolean[] {true, true, false}), 1e-12);
    assertEquals(1.0, BinaryMetrics.auroc(new double[] {3, 2, 1}, new boolean[] {true, true, false}), 1e-12);
  }

  @Test
  void undefinedWithOneClassAndRefusedWithNaNScores() {
    assertTrue(Double.isNaN(BinaryMetrics.auroc(new double[] {0.2, 0.3}, new boolean[] {true, true})));
    assertTrue(Double.isNaN(BinaryMetrics.averagePrecision(new double[] {0.2, 0.3}, new boolean[] {false, false})));
    assertThrows(IllegalArgumentException.class,
        () -> BinaryMetrics.auroc(new double[] {Double.NaN, 0.3}, new boolean[] {true, false}));
    assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.auroc(new double[] {0.3}, new boolean[] {true, false}));
  }

  @Test
  void rocCurveRunsFromTheOriginToOneOneAndYoudenPicksTheBestCut() {
    double[] s = {0.9, 0.7, 0.6, 0.3, 0.2};
    boolean[] t = {true, true, false, true, false};
    List<BinaryMetrics.RocPoint> roc = BinaryMetrics.rocCurve(s, t);
    assertEquals(0, roc.get(0).falsePositiveRate());
    assertEquals(0, roc.get(0).truePositiveRate());
    assertEquals(1, roc.get(roc.size() - 1).falsePositiveRate(), 1e-12);
    assertEquals(1, roc.get(roc.size() - 1).truePositiveRate(), 1e-12);
    // at ≥ 0.7: TPR 2/3, FPR 0 → J 0.667; at ≥ 0.3: TPR 1, FPR 1/2 → J 0.5
    assertEquals(0.7, BinaryMetrics.youdenThreshold(s, t), 1e-12);
  }

  @Test
  void bootstrapResamplesPatientsAndBracketsTheEstimate() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 200;
    double[] s = new double[n];
    boolean[] t = new boolean[n];
    String[] patients = new String[n];
    for (int i = 0; i < n; i++) {
      t[i] = i % 2 == 0;
      s[i] = (t[i] ? 0.6 : 0.4) + 0.3 * r.nextGaussian();
      patients[i] = "p" + (i / 2); // two scans per patient
    }
    BootstrapInterval.Estimate e = BootstrapInterval.of(s, t, patients, BinaryMetrics::auroc, 500, 0.95, 7);
    assertEquals(BinaryMetrics.auroc(s, t), e.value(), 1e-12);
    assertTrue(e.lower() < e.value() && e.value() < e.upper(), e.toString());
    assertTrue(e.upper() - e.lower() > 0.05 && e.upper() - e.lower() < 0.4, e.toString());
    assertEquals(500, e.replicates());
    assertEquals(e, BootstrapInterval.of(s, t, patients, BinaryMetrics::auroc, 500, 0.95, 7), "seeded: the same interval");
  }
}
