package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.MoeLayer;
import org.neurojepa.model.nn.Router;

class MoeLayerTest {
  private static final NeuroJepaConfig C = NeuroJepaConfig.tiny();
  private static final String PREFIX = "blocks.1.mlp";
  private static final int TOKENS = 12;

  private static MoeLayer layer() {
    return new MoeLayer(PREFIX, C.embedDim(), C.numExperts(), C.expertHidden(), C.topK(), C.routeScale(),
        C.sharedExpertHidden(), 2);
  }

  private static List<ParameterSpec> specs(MoeLayer moe) {
    List<ParameterSpec> specs = new ArrayList<>();
    moe.declare(specs);
    return specs;
  }

  private static float[] tokens() {
    Random r = new Random(12);
    float[] x = new float[TOKENS * C.embedDim()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  @Test
  void selectionBiasChangesTheChoiceButNotTheMixingWeights() {
    MoeLayer moe = layer();
    Map<String, HostTensor> tensors = TestWeights.random(specs(moe), 31, 0.3);
    Map<String, float[]> w = TestWeights.floats(tensors);
    float[] x = tokens();
    int d = C.embedDim();
    try (ParameterStore store = ParameterStore.fromTensors(specs(moe), tensors, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray input = m.create(x, new Shape(TOKENS, d));
      Router.Routing before = moe.router().route(store, input);
      // The expert least often chosen gets a large selection bias: it must now be chosen everywhere.
      int[] uses = new int[C.numExperts()];
      for (long e : before.experts()) {
        uses[(int) e]++;
      }
      int favoured = 0;
      for (int e = 1; e < uses.length; e++) {
        if (uses[e] < uses[favoured]) {
          favoured = e;
        }
      }
      assertTrue(uses[favoured] < TOKENS, "some token must not choose expert " + favoured);
      float[] bias = new float[C.numExperts()];
      bias[favoured] = 10f;
      store.replace(moe.router().biasKey(), m.create(bias));
      Router.Routing after = moe.router().route(store, input);
      assertNotEquals(setsOf(before.experts()), setsOf(after.experts()));

      float[] wb = before.weights().toFloatArray();
      float[] wa = after.weights().toFloatArray();
      for (int t = 0; t < TOKENS; t++) {
        double[] xt = new double[d];
        for (int i = 0; i < d; i++) {
          xt[i] = x[t * d + i];
        }
        double[] scores = ReferenceMath.softmax(ReferenceMath.linear(w, PREFIX + ".gate.gate", xt, C.numExperts()));
        Set<Long> chosen = new HashSet<>();
        for (int k = 0; k < C.topK(); k++) {
          int eb = (int) before.experts()[t * C.topK() + k];
          int ea = (int) after.experts()[t * C.topK() + k];
          chosen.add((long) ea);
          // unbiased scores × route scale, not renormalised, both before and after the bias change
          assertEquals(scores[eb] * C.routeScale(), wb[t * C.topK() + k], 1e-5);
          assertEquals(scores[ea] * C.routeScale(), wa[t * C.topK() + k], 1e-5);
        }
        assertTrue(chosen.contains((long) favoured), "token " + t);
        // the chosen experts are the top-k of the biased scores
        double threshold = Double.MAX_VALUE;
        for (long e : chosen) {
          threshold = Math.min(threshold, scores[(int) e] + bias[(int) e]);
        }
        for (int e = 0; e < C.numExperts(); e++) {
          if (!chosen.contains((long) e)) {
            assertTrue(scores[e] + bias[e] <= threshold + 1e-6);
          }
        }
      }
    }
  }

  private static List<Set<Long>> setsOf(long[] experts) {
    List<Set<Long>> out = new ArrayList<>();
    for (int t = 0; t < experts.length / C.topK(); t++) {
      Set<Long> s = new HashSet<>();
      for (int k = 0; k < C.topK(); k++) {
        s.add(experts[t * C.topK() + k]);
      }
      out.add(s);
    }
    return out;
  }

  @Test
  void mixtureOfChosenExpertsPlusSharedExpertMatchesReference() {
    MoeLayer moe = layer();
    Map<String, HostTensor> tensors = TestWeights.random(specs(moe), 32, 0.3);
    Map<String, float[]> w = TestWeights.floats(tensors);
    float[] x = tokens();
    int d = C.embedDim();
    try (ParameterStore store = ParameterStore.fromTensors(specs(moe), tensors, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      long[] countsBefore = store.get(moe.countsKey()).toLongArray();
      float[] actual = moe.forward(store, m.create(x, new Shape(2, TOKENS / 2, d)), false).toFloatArray();
      double[][] expected = new double[TOKENS][];
      for (int t = 0; t < TOKENS; t++) {
        double[] xt = new double[d];
        for (int i = 0; i < d; i++) {
          xt[i] = x[t * d + i];
        }
        expected[t] = ReferenceMath.moe(w, PREFIX, xt, C);
      }
      double diff = EncoderTest.maxDiff(expected, actual, d);
      assertTrue(diff < 1e-4, "max |engine - reference| = " + diff);
      assertArrayEquals(countsBefore, store.get(moe.countsKey()).toLongArray(), "inference must not count");

      moe.forward(store, m.create(x, new Shape(1, TOKENS, d)), true);
      long[] counts = store.get(moe.countsKey()).toLongArray();
      long added = 0;
      for (int e = 0; e < counts.length; e++) {
        assertTrue(counts[e] >= countsBefore[e]);
        added += counts[e] - countsBefore[e];
      }
      assertEquals((long) TOKENS * C.topK(), added);
    }
  }

  @Test
  void loadBalancingRaisesTheBiasOfIdleExpertsAndResetsCounts() {
    // counts 10, 30, 0, 40: mean 20; u = (0.5, -0.5, 1, -1), already centred.
    float[] b = org.neurojepa.model.nn.ExpertLoadBalancer.updatedBias(new float[4], new long[] {10, 30, 0, 40}, 1e-4, 0.3);
    assertArrayEquals(new float[] {0.5e-4f, -0.5e-4f, 1e-4f, -1e-4f}, b, 1e-9f);
    // clamping at ±0.3, then centring
    float[] c = org.neurojepa.model.nn.ExpertLoadBalancer.updatedBias(
        new float[] {0.3f, 0.3f, -0.3f, 0f}, new long[] {0, 0, 0, 40}, 0.1, 0.3);
    // u = (1,1,1,-3); +0.1u = (0.4,0.4,-0.2,-0.3) → clamp (0.3,0.3,-0.2,-0.3), mean 0.025
    assertArrayEquals(new float[] {0.275f, 0.275f, -0.225f, -0.325f}, c, 1e-6f);

    MoeLayer moe = layer();
    try (ParameterStore store = ParameterStore.fromTensors(specs(moe), TestWeights.random(specs(moe), 3, 0.3), Device.cpu(), DataType.FLOAT32)) {
      long[] mine = store.get(moe.countsKey()).toLongArray();
      float[] bias = store.get(moe.router().biasKey()).toFloatArray();
      long[] others = {5, 6, 7, 8};
      long[] sum = new long[4];
      for (int i = 0; i < 4; i++) {
        sum[i] = mine[i] + others[i];
      }
      org.neurojepa.model.nn.ExpertLoadBalancer.step(store, moe, others);
      assertArrayEquals(org.neurojepa.model.nn.ExpertLoadBalancer.updatedBias(bias, sum, 1e-4, 0.3),
          store.get(moe.router().biasKey()).toFloatArray());
      assertArrayEquals(new long[4], store.get(moe.countsKey()).toLongArray());
    }
  }
}
