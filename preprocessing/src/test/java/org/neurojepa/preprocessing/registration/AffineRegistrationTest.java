package org.neurojepa.preprocessing.registration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.testing.Colin27;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class AffineRegistrationTest {
  @Test
  void recoversAKnownTransformOfABiasedNoisyT1() {
    Affine truth = SyntheticScan.transform(12, -8, 15, 10, -15, 8, 1.08);
    Affine grid = SyntheticScan.grid(truth, 176, 208, 160, 1, 1, 1.2);
    Volume subject = SyntheticScan.make(truth, 176, 208, 160, grid);
    subject = SyntheticScan.noise(SyntheticScan.bias(subject, 0.4), 4, 1);
    long t0 = System.nanoTime();
    RegistrationResult r = AffineRegistration.register(subject, Colin27.t1(), RegistrationOptions.defaults());
    double ms = (System.nanoTime() - t0) / 1e6;
    double[] e = SyntheticScan.pointError(r.subjectToTemplate(), truth);
    System.out.printf("T1 CR: mean %.3f max %.3f mm in %.0f ms %s%n", e[0], e[1], ms, r.levels());
    assertTrue(e[0] <= 0.5 && e[1] <= 1.5, "mean " + e[0] + " max " + e[1]);
  }
}
