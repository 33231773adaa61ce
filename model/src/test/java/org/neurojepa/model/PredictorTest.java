package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.Predictor;

class PredictorTest {
  private static final NeuroJepaConfig TINY = NeuroJepaConfig.tiny();

  @Test
  void predictorMatchesReferenceWithoutSortingAndFollowsTargetOrder() {
    Predictor predictor = new Predictor(TINY);
    Map<String, HostTensor> tensors = TestWeights.random(predictor.specs(), 21, 0.15);
    List<Long> perm = new ArrayList<>();
    for (long i = 0; i < 576; i++) {
      perm.add(i);
    }
    Collections.shuffle(perm, new Random(4));
    int kc = 24;
    int kt = 40;
    long[] ctx = perm.subList(0, kc).stream().mapToLong(Long::longValue).toArray();
    long[] tgt = perm.subList(kc, kc + kt).stream().mapToLong(Long::longValue).toArray();
    float[] context = new float[kc * TINY.embedDim()];
    Random r = new Random(8);
    for (int i = 0; i < context.length; i++) {
      context[i] = (float) r.nextGaussian();
    }
    double[][] expected = reference(TestWeights.floats(tensors), context, ctx, tgt);

    long[] reversed = new long[kt];
    for (int i = 0; i < kt; i++) {
      reversed[i] = tgt[kt - 1 - i];
    }
    try (ParameterStore store = ParameterStore.fromTensors(predictor.specs(), tensors, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray c = m.create(context, new Shape(1, kc, TINY.embedDim()));
      NDArray out = predictor.forward(store, c, new long[][] {ctx}, new long[][] {tgt});
      assertEquals(new Shape(1, kt, TINY.embedDim()), out.getShape());
      float[] actual = out.toFloatArray();
      double diff = EncoderTest.maxDiff(expected, actual, TINY.embedDim());
      assertTrue(diff < 1e-4, "max |engine - reference| = " + diff);

      // Asking for the targets in another order gives the same predictions in that order.
      float[] rev = predictor.forward(store, c, new long[][] {ctx}, new long[][] {reversed}).toFloatArray();
      int d = TINY.embedDim();
      for (int i = 0; i < kt; i++) {
        float[] a = java.util.Arrays.copyOfRange(actual, i * d, (i + 1) * d);
        float[] b = java.util.Arrays.copyOfRange(rev, (kt - 1 - i) * d, (kt - i) * d);
        assertArrayEquals(a, b, 1e-5f, "target " + tgt[i]);
      }
    }
  }

  /** Tokens in the given order (no sorting: attention does not depend on order), predictor positions. */
  private static double[][] reference(Map<String, float[]> w, float[] context, long[] ctx, long[] tgt) {
    int d = TINY.embedDim();
    int p = TINY.predictorDim();
    int n = ctx.length + tgt.length;
    double[][] x = new double[n][];
    int[][] pos = new int[n][];
    for (int t = 0; t < n; t++) {
      long idx = t < ctx.length ? ctx[t] : tgt[t - ctx.length];
      pos[t] = new int[] {(int) idx / 64, (int) (idx % 64) / 8, (int) idx % 8};
      if (t < ctx.length) {
        double[] in = new double[d];
        for (int i = 0; i < d; i++) {
          in[i] = context[t * d + i];
        }
        x[t] = ReferenceMath.linear(w, "predictor_embed", in, p);
      } else {
        x[t] = new double[p];
        for (int i = 0; i < p; i++) {
          x[t][i] = w.get("mask_token")[i];
        }
      }
    }
    for (int b = 0; b < TINY.predictorDepth(); b++) {
      x = ReferenceMath.denseBlock(w, "predictor_blocks." + b, x, TINY.predictorHeads(), pos, TINY.ropeTheta(),
          TINY.layerNormEps(), 4 * p, true);
    }
    double[][] out = new double[tgt.length][];
    for (int t = 0; t < tgt.length; t++) {
      out[t] = ReferenceMath.linear(w, "predictor_proj",
          ReferenceMath.layerNorm(w, "predictor_norm", x[ctx.length + t], TINY.layerNormEps()), d);
    }
    return out;
  }

  @Test
  void maskTokenStartsAtZero() {
    Predictor predictor = new Predictor(TINY);
    try (ParameterStore store = ParameterStore.initialise(predictor.specs(), 3, Device.cpu(), DataType.FLOAT32)) {
      for (float v : store.get("mask_token").toFloatArray()) {
        assertEquals(0f, v);
      }
    }
  }
}
