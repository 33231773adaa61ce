package org.neurojepa.preprocessing.registration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.testing.BenchFigures;
import org.neurojepa.preprocessing.testing.Colin27;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/** The full grid of generated cases: random transforms within the specified ranges, both contrasts, bias and noise. */
@Tag("bench")
class RegistrationGridBench {
  @Test
  void registersEveryGeneratedCase() {
    SplittableRandom r = new SplittableRandom(42);
    List<String> failures = new ArrayList<>();
    double worstMean = 0, worstMax = 0, totalMs = 0;
    int cases = Integer.getInteger("neurojepa.bench.cases", 16);
    for (int c = 0; c < cases; c++) {
      double rx = r.nextDouble(-20, 20), ry = r.nextDouble(-20, 20), rz = r.nextDouble(-20, 20);
      double tx = r.nextDouble(-20, 20), ty = r.nextDouble(-20, 20), tz = r.nextDouble(-20, 20);
      double s = r.nextDouble(0.9, 1.1);
      boolean t2 = c % 4 == 3;
      boolean bias = c % 2 == 1;
      double noise = c % 3 == 0 ? 0 : 3 + 3 * (c % 3);
      Affine truth = SyntheticScan.transform(rx, ry, rz, tx, ty, tz, s);
      Affine grid = SyntheticScan.grid(truth, 176, 208, 176, 1, 1, 1.1);
      Volume subject = SyntheticScan.make(truth, 176, 208, 176, grid);
      if (t2) {
        subject = SyntheticScan.t2Like(subject);
      }
      if (bias) {
        subject = SyntheticScan.bias(subject, 0.4);
      }
      if (noise > 0) {
        subject = SyntheticScan.noise(subject, noise, c);
      }
      RegistrationOptions o = RegistrationOptions.defaults();
      if (t2) {
        o = o.withMetric(Metric.MUTUAL_INFORMATION).withRotationSearch(true);
      }
      long t0 = System.nanoTime();
      RegistrationResult res = AffineRegistration.register(subject, Colin27.t1(), o);
      double ms = (System.nanoTime() - t0) / 1e6;
      totalMs += ms;
      double[] e = SyntheticScan.pointError(res.subjectToTemplate(), truth);
      String line = String.format(java.util.Locale.ROOT,
          "case %2d rot (%5.1f %5.1f %5.1f) t (%5.1f %5.1f %5.1f) s %.3f %s bias %b noise %.0f: mean %.3f max %.3f mm, %.0f ms",
          c, rx, ry, rz, tx, ty, tz, s, t2 ? "T2/MI" : "T1/CR", bias, noise, e[0], e[1], ms);
      System.out.println(line);
      worstMean = Math.max(worstMean, e[0]);
      worstMax = Math.max(worstMax, e[1]);
      if (e[0] > 0.5 || e[1] > 1.5) {
        failures.add(line);
      }
    }
    BenchFigures f = new BenchFigures("registration_grid");
    f.put("registration.grid.cases", cases);
    f.put("registration.grid.worst_mean_error_mm", worstMean);
    f.put("registration.grid.worst_max_error_mm", worstMax);
    f.put("registration.grid.mean_time_ms", totalMs / cases);
    f.write();
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }
}
