package org.neurojepa.preprocessing.qc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.registration.Interpolation;
import org.neurojepa.preprocessing.registration.Resampler;
import org.neurojepa.preprocessing.testing.Colin27;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class QualityControlTest {
  private static Volume mask() {
    float[] b = Colin27.brain().voxels();
    float[] m = new float[b.length];
    for (int k = 0; k < b.length; k++) {
      m[k] = b[k] > 0 ? 1 : 0;
    }
    return Colin27.brain().withVoxels(m);
  }

  @Test
  void aWellRegisteredNoisyScanPassesAndAMisregisteredOneIsRejectedWithItsNumbers() {
    Volume t = Colin27.t1();
    Volume mask = mask();
    QcThresholds th = QcThresholds.defaults(Contrast.T1W, Contrast.T1W);
    QcResult good = QualityControl.evaluate(QualityControl.measure(SyntheticScan.noise(t, 6, 1), t, mask), th);
    assertTrue(good.accepted(), good.reason());
    assertEquals("", good.reason());

    Affine tilt = Affine.translation(0, -18, 18).times(Affine.rotation(10, 1, 0.3, 0)).times(Affine.translation(0, 18, -18));
    Volume off = Resampler.resample(t, tilt, t, Interpolation.TRILINEAR);
    QcResult bad = QualityControl.evaluate(QualityControl.measure(off, t, mask), th);
    assertFalse(bad.accepted());
    assertTrue(bad.reason().contains("mutual information") && bad.reason().contains("PSNR")
        && bad.reason().contains("Pearson") && bad.reason().contains("thresholds MI ≥ 0.450"), bad.reason());
  }

  @Test
  void crossContrastScansAreHeldToMutualInformationOnly() {
    Volume t = Colin27.t1();
    Volume t2 = SyntheticScan.t2Like(t);
    QcMetrics m = QualityControl.measure(t2, t, mask());
    assertTrue(m.pearson() < -0.9 && m.psnrDb() < 10, m.toString());
    assertTrue(QualityControl.evaluate(m, QcThresholds.defaults(Contrast.T2W, Contrast.T1W)).accepted());
    assertFalse(QualityControl.evaluate(m, QcThresholds.defaults(Contrast.T1W, Contrast.T1W)).accepted());
  }
}
