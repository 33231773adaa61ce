package org.neurojepa.preprocessing.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/** The recipe's 96×108×96 input brought to tiny's 48×54×48 by block averaging. */
class ModelInputFitTest {

  @Test
  void halvesByAveragingEachTwoByTwoByTwoBlockAndKeepsTheFieldOfView() {
    Volume v = random(96, 108, 96, Affine.translation(-48, -60, -40));
    Volume half = ModelInputFit.fit(v, 48, 54, 48);
    assertEquals(48, half.nx());
    assertEquals(54, half.ny());
    assertEquals(48, half.nz());
    double sum = 0;
    for (int c = 0; c < 2; c++) {
      for (int b = 0; b < 2; b++) {
        for (int a = 0; a < 2; a++) {
          sum += v.get(20 + a, 30 + b, 40 + c);
        }
      }
    }
    assertEquals(sum / 8, half.get(10, 15, 20), 1e-6);
    // output voxel (0,0,0) sits at the centre of input voxels 0 and 1: world x = -48 + 0.5
    double[] p = half.voxelToWorld().apply(0, 0, 0);
    assertArrayEquals(new double[] {-47.5, -59.5, -39.5}, p, 1e-9);
    double[] q = half.voxelToWorld().apply(1, 0, 0);
    assertEquals(2, q[0] - p[0], 1e-9, "voxels are 2 mm");
  }

  @Test
  void theSameSizePassesAndAnUnevenOneIsRefused() {
    Volume v = random(96, 108, 96, Affine.identity());
    assertSame(v, ModelInputFit.fit(v, 96, 108, 96));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelInputFit.fit(v, 40, 54, 48));
    assertEquals("model input is 96×108×96; the model takes 40×54×48, not a whole fraction of it", e.getMessage());
  }

  @Test
  void modelOrderPutsTheLastAxisFastest() {
    Volume v = random(3, 4, 5, Affine.identity());
    float[] t = ModelInputFit.modelOrder(v);
    assertEquals(v.get(2, 1, 3), t[(2 * 4 + 1) * 5 + 3]);
  }

  private static Volume random(int nx, int ny, int nz, Affine a) {
    float[] x = new float[nx * ny * nz];
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return new Volume(nx, ny, nz, x, a);
  }
}
