package org.neurojepa.preprocessing.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AffineTest {
  @Test
  void inverseUndoesARotationTranslationAndScale() {
    Affine a = Affine.translation(12, -7, 30).times(Affine.rotation(17, 1, 2, 3)).times(Affine.scaling(0.9, 1.1, 3));
    Affine back = a.inverse().times(a);
    assertTrue(back.maxAbsDifference(Affine.identity()) < 1e-12, back.toString());
    double[] p = a.apply(4, 5, 6);
    assertArrayEquals(new double[] {4, 5, 6}, a.inverse().apply(p[0], p[1], p[2]), 1e-9);
  }

  @Test
  void rotationFollowsTheRightHandRule() {
    double[] p = Affine.rotation(90, 0, 0, 1).apply(1, 0, 0);
    assertArrayEquals(new double[] {0, 1, 0}, p, 1e-12);
  }

  @Test
  void columnNormIsTheVoxelSize() {
    Affine a = Affine.rotation(33, 0, 1, 1).times(Affine.scaling(0.5, 2, 3));
    assertEquals(0.5, a.columnNorm(0), 1e-12);
    assertEquals(2, a.columnNorm(1), 1e-12);
    assertEquals(3, a.columnNorm(2), 1e-12);
  }

  @Test
  void rejectsSingularAndMalformedMatrices() {
    assertThrows(ArithmeticException.class, () -> Affine.scaling(1, 0, 1).inverse());
    assertThrows(IllegalArgumentException.class, () -> Affine.ofRows(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> Affine.ofRows(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Affine.ofRows(Double.NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0));
  }

  @Test
  void volumeChecksItsVoxelCount() {
    assertThrows(IllegalArgumentException.class, () -> new Volume(2, 2, 2, new float[7], Affine.identity()));
    Volume v = new Volume(2, 3, 4, new float[24], Affine.scaling(1, 2, 3));
    assertEquals(1 + 2 * (2 + 3 * 3), v.index(1, 2, 3));
    assertArrayEquals(new double[] {1, 2, 3}, v.spacing(), 1e-12);
  }
}
