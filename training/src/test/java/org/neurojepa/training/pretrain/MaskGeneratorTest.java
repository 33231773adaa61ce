package org.neurojepa.training.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskGeneratorTest {

  @Test
  void everyMaskHasExactly144ContextAnd432DisjointTargetsCoveringTheGrid() {
    for (MaskGenerator g : MaskGenerator.multiscale()) {
      for (long seed = 0; seed < 300; seed++) {
        boolean[] fg = seed % 2 == 0 ? null : ellipsoidForeground();
        TokenMask m = g.generate(new SplittableRandom(seed), fg);
        assertEquals(144, m.context().length, g + " seed " + seed);
        assertEquals(432, m.target().length, g + " seed " + seed);
        boolean[] seen = new boolean[576];
        for (long t : m.context()) {
          assertFalse(seen[(int) t], "duplicate context token " + t);
          seen[(int) t] = true;
        }
        for (long t : m.target()) {
          assertFalse(seen[(int) t], "token " + t + " is both context and target, or repeated");
          seen[(int) t] = true;
        }
        for (boolean s : seen) {
          assertTrue(s);
        }
      }
    }
  }

  @Test
  void sameSeedSameMaskAndListsAreShuffled() {
    for (MaskGenerator g : MaskGenerator.multiscale()) {
      TokenMask a = g.generate(new SplittableRandom(42), ellipsoidForeground());
      TokenMask b = g.generate(new SplittableRandom(42), ellipsoidForeground());
      assertArrayEquals(a.context(), b.context());
      assertArrayEquals(a.target(), b.target());
      TokenMask c = g.generate(new SplittableRandom(43), ellipsoidForeground());
      assertFalse(Arrays.equals(a.target(), c.target()), "different seeds give different masks");
      long[] sorted = a.target();
      Arrays.sort(sorted);
      assertFalse(Arrays.equals(sorted, a.target()), "target list is shuffled");
    }
  }

  @Test
  void blocksStayWithinTheirScaleRanges() {
    double[] meanArea = new double[3];
    int g = 0;
    for (MaskGenerator gen : MaskGenerator.multiscale()) {
      SplittableRandom rng = new SplittableRandom(7);
      int minArea = Math.max(1, (int) (72 * Math.max(gen.scaleLow(), 1.0 / 72)));
      int maxArea = (int) (72 * gen.scaleHigh());
      for (int i = 0; i < 5000; i++) {
        MaskGenerator.BlockSize b = gen.sampleBlock(rng);
        assertTrue(b.depth() >= 1 && b.depth() <= 8, "depth " + b.depth());
        assertTrue(b.area() >= minArea && b.area() <= maxArea, gen + ": area " + b.area() + " outside " + minArea + "–" + maxArea);
        assertTrue(b.height() >= 1 && b.height() <= 8, "h " + b.height());
        assertTrue(b.width() >= 1 && b.width() <= 9, "w " + b.width());
        // h·w approximates the drawn area within the aspect ratio's rounding
        double ratio = (double) b.height() / b.width();
        assertTrue(b.height() == 8 || b.width() == 9 || b.area() < 4 || (ratio > 0.4 && ratio < 2.5), "aspect " + b);
        meanArea[g] += b.area() / 5000.0;
      }
      g++;
    }
    assertTrue(meanArea[0] < meanArea[1] && meanArea[1] < meanArea[2], Arrays.toString(meanArea));
    assertEquals(0.1 * 72, meanArea[0], 1.0);
    assertEquals(0.35 * 72, meanArea[1], 1.0);
    assertEquals(0.6 * 72, meanArea[2], 1.0);
  }

  @Test
  void boundaryAdjustmentPrefersForegroundTargets() {
    boolean[] fg = ellipsoidForeground();
    int fgTokens = 0;
    for (boolean f : fg) {
      fgTokens += f ? 1 : 0;
    }
    double expected = 432.0 * fgTokens / 576;
    double withFg = 0;
    int n = 200;
    for (long seed = 0; seed < n; seed++) {
      TokenMask m = MaskGenerator.small().generate(new SplittableRandom(seed), fg);
      for (long t : m.target()) {
        withFg += fg[(int) t] ? 1.0 / n : 0;
      }
    }
    assertTrue(withFg > expected, "foreground targets " + withFg + " vs chance " + expected);
  }

  @Test
  void invalidGeneratorsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MaskGenerator(8, 9, 8, 4, 0.5, 0.2, 144));
    assertThrows(IllegalArgumentException.class, () -> new MaskGenerator(8, 9, 8, 4, 0.1, 0.2, 80));
    assertThrows(IllegalArgumentException.class, () -> new MaskGenerator(8, 9, 8, 0, 0.1, 0.2, 144));
    assertThrows(IllegalArgumentException.class,
        () -> MaskGenerator.small().generate(new SplittableRandom(1), new boolean[10]));
  }

  /** An ellipsoid head-like foreground filling about half of the 8×9×8 grid. */
  static boolean[] ellipsoidForeground() {
    boolean[] fg = new boolean[576];
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 9; j++) {
        for (int k = 0; k < 8; k++) {
          double x = (i - 3.5) / 4.0;
          double y = (j - 4.0) / 4.5;
          double z = (k - 3.5) / 4.0;
          fg[(i * 9 + j) * 8 + k] = x * x + y * y + z * z < 0.8;
        }
      }
    }
    return fg;
  }
}
