package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Encoder;

class EncoderTest {
  private static final NeuroJepaConfig TINY = NeuroJepaConfig.tiny();

  @Test
  void tinyEncoderMatchesDoublePrecisionReferenceOnAllTokens() {
    compareWithReference(TINY, null);
  }

  @Test
  void contextEncoderOnKeptTokensMatchesReferenceWithGeometricPositions() {
    long[] keep = new long[144];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = (i * 397L + 11) % TINY.numTokens(); // distinct, shuffled
    }
    compareWithReference(TINY.withPositions(PositionConvention.GEOMETRIC), keep);
  }

  private static void compareWithReference(NeuroJepaConfig c, long[] keep) {
    Encoder encoder = new Encoder(c);
    Map<String, HostTensor> tensors = TestWeights.random(encoder.specs(), 7, 0.15);
    float[] volume = TestWeights.volume(c, 3);
    int n = keep == null ? c.numTokens() : keep.length;
    int[] keepInt = new int[n];
    int[][] pos = new int[n][];
    for (int t = 0; t < n; t++) {
      keepInt[t] = keep == null ? t : (int) keep[t];
      pos[t] = expectedPosition(c.positions(), keepInt[t]);
    }
    Map<String, float[]> floats = TestWeights.floats(tensors);
    double[][] expected = ReferenceMath.encoder(floats, volume, c, keepInt, pos);
    PositionConvention other =
        c.positions() == PositionConvention.RELEASE ? PositionConvention.GEOMETRIC : PositionConvention.RELEASE;
    int[][] otherPos = new int[n][];
    for (int t = 0; t < n; t++) {
      otherPos[t] = expectedPosition(other, keepInt[t]);
    }
    double[][] wrong = ReferenceMath.encoder(floats, volume, c, keepInt, otherPos);
    float[] actual;
    try (ParameterStore store = ParameterStore.fromTensors(encoder.specs(), tensors, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray v = m.create(volume, new Shape(1, 1, c.inputDepth(), c.inputHeight(), c.inputWidth()));
      NDArray out = encoder.forward(store, v, keep == null ? null : new long[][] {keep}, false);
      assertEquals(new Shape(1, n, c.embedDim()), out.getShape());
      actual = out.toFloatArray();
    }
    double maxDiff = maxDiff(expected, actual, c.embedDim());
    assertTrue(maxDiff < 1e-4, "max |engine - reference| = " + maxDiff);
    // The comparison is sensitive: the other position convention is far off.
    double wrongDiff = maxDiff(wrong, actual, c.embedDim());
    assertTrue(wrongDiff > 0.05, "positions must matter, diff " + wrongDiff);
  }

  static double maxDiff(double[][] expected, float[] actual, int dim) {
    double maxDiff = 0;
    for (int t = 0; t < expected.length; t++) {
      for (int i = 0; i < dim; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[t][i] - actual[t * dim + i]));
      }
    }
    System.out.println("max |difference| = " + maxDiff);
    return maxDiff;
  }

  /** The spec's formulas on the 8×9×8 grid, written out literally. */
  static int[] expectedPosition(PositionConvention convention, int idx) {
    return convention == PositionConvention.RELEASE
        ? new int[] {idx / 72, (idx % 72) / 9, (idx % 72) % 9}
        : new int[] {idx / 72, (idx % 72) / 8, idx % 8};
  }

  @Test
  void baseEncoderProduces576TokensOf768() {
    NeuroJepaConfig base = NeuroJepaConfig.base();
    Encoder encoder = new Encoder(base);
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 1, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray v = m.create(TestWeights.volume(base, 1), new Shape(1, 1, 96, 108, 96));
      NDArray out = encoder.forward(store, v);
      assertEquals(new Shape(1, 576, 768), out.getShape());
      float[] f = out.toFloatArray();
      // Final LayerNorm (weight 1, bias 0 at init): every token has mean 0 and variance 1.
      for (int t = 0; t < 576; t += 97) {
        double mean = 0;
        double sq = 0;
        for (int i = 0; i < 768; i++) {
          mean += f[t * 768 + i];
          sq += f[t * 768 + i] * f[t * 768 + i];
        }
        assertEquals(0, mean / 768, 1e-4);
        assertEquals(1, sq / 768, 1e-3);
      }
    }
  }

  @Test
  void patchEmbeddingIsTheConvolutionFlattenedRowMajor() {
    Encoder encoder = new Encoder(TINY);
    Map<String, HostTensor> tensors = TestWeights.random(encoder.specs(), 17, 0.1);
    float[] volume = TestWeights.volume(TINY, 17);
    double[][] expected = ReferenceMath.patchEmbed(TestWeights.floats(tensors), volume, TINY);
    try (ParameterStore store = ParameterStore.fromTensors(encoder.specs(), tensors, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray v = m.create(volume, new Shape(1, 1, 48, 54, 48));
      NDArray tokens = encoder.patchEmbed().forward(store, v);
      assertEquals(new Shape(1, 576, 64), tokens.getShape());
      double diff = maxDiff(expected, tokens.toFloatArray(), 64);
      assertTrue(diff < 1e-4, "max |engine - reference| = " + diff);
    }
  }

  @Test
  void sameSeedGivesSameOutputAndDifferentSeedDoesNot() {
    Encoder encoder = new Encoder(TINY);
    float[] volume = TestWeights.volume(TINY, 5);
    float[] a = encodeFresh(encoder, 42, volume);
    float[] b = encodeFresh(encoder, 42, volume);
    float[] c = encodeFresh(encoder, 43, volume);
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
  }

  private static float[] encodeFresh(Encoder encoder, long seed, float[] volume) {
    NeuroJepaConfig c = encoder.config();
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), seed, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray v = m.create(volume, new Shape(1, c.inputDepth(), c.inputHeight(), c.inputWidth()));
      return encoder.forward(store, v).toFloatArray();
    }
  }

  @Test
  void releaseAndGeometricPositionsDifferExactlyWhereTheFormulasDiffer() {
    int differ = 0;
    for (int idx = 0; idx < 576; idx++) {
      int[] r = PositionConvention.RELEASE.coordinates(idx, 8, 9, 8, PositionConvention.Role.ENCODER);
      int[] g = PositionConvention.GEOMETRIC.coordinates(idx, 8, 9, 8, PositionConvention.Role.ENCODER);
      assertArrayEquals(expectedPosition(PositionConvention.RELEASE, idx), r);
      assertArrayEquals(expectedPosition(PositionConvention.GEOMETRIC, idx), g);
      assertEquals(r[0], g[0]);
      int rem = idx % 72;
      boolean same = rem / 9 == rem / 8 && rem % 9 == rem % 8;
      assertEquals(same, java.util.Arrays.equals(r, g), "token " + idx);
      if (!same) {
        differ++;
      }
      int[] pr = PositionConvention.RELEASE.coordinates(idx, 8, 9, 8, PositionConvention.Role.PREDICTOR);
      assertArrayEquals(new int[] {idx / 64, (idx % 64) / 8, idx % 8}, pr);
    }
    // Within each 72-token plane only the first row (0..7) agrees: 64 of 72 differ.
    assertEquals(8 * 64, differ);
  }

  @Test
  void releaseAndGeometricEncodingsDifferOnlyThroughPositions() {
    Encoder release = new Encoder(TINY);
    Encoder geometric = new Encoder(TINY.withPositions(PositionConvention.GEOMETRIC));
    float[] volume = TestWeights.volume(TINY, 9);
    float[] a = encodeFresh(release, 1, volume);
    float[] b = encodeFresh(geometric, 1, volume);
    assertFalse(java.util.Arrays.equals(a, b));
  }
}
