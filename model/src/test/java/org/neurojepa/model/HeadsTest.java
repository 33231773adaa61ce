package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.AttentiveProbe;
import org.neurojepa.model.nn.Fusion;
import org.neurojepa.model.nn.FusionKind;
import org.neurojepa.model.nn.MultiLabelHeads;

class HeadsTest {
  private static final NeuroJepaConfig C = NeuroJepaConfig.tiny();

  @Test
  void probeMatchesReference() {
    AttentiveProbe probe = new AttentiveProbe("", C.embedDim(), C.probeHeads(), 2, 3, C.layerNormEps());
    List<ParameterSpec> specs = new ArrayList<>();
    probe.declare(specs);
    assertTrue(specs.stream().anyMatch(s -> s.name().equals("pooler.query_tokens")));
    assertTrue(specs.stream().anyMatch(s -> s.name().equals("pooler.cross_attention_block.xattn.kv.weight")));
    Map<String, HostTensor> tensors = TestWeights.random(specs, 41, 0.2);
    Map<String, float[]> w = TestWeights.floats(tensors);
    int n = 30;
    int d = C.embedDim();
    float[] x = TestWeights.volume(C, 2);
    double[][] tokens = new double[n][d];
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < d; i++) {
        tokens[t][i] = x[t * d + i] - 0.5;
      }
    }
    // Reference: one plain block, then the query cross-attends to the normalised tokens.
    double[][] h = ReferenceMath.denseBlock(w, "pooler.blocks.0", tokens, C.probeHeads(), null, 1, C.layerNormEps(), 4 * d, false);
    double[][] normed = new double[n][];
    for (int t = 0; t < n; t++) {
      normed[t] = ReferenceMath.layerNorm(w, "pooler.cross_attention_block.norm1", h[t], C.layerNormEps());
    }
    double[] q = new double[d];
    for (int i = 0; i < d; i++) {
      q[i] = w.get("pooler.query_tokens")[i];
    }
    double[] y = crossAttention(w, "pooler.cross_attention_block.xattn", q, normed, C.probeHeads());
    for (int i = 0; i < d; i++) {
      q[i] += y[i];
    }
    double[] m = ReferenceMath.mlp(w, "pooler.cross_attention_block.mlp",
        ReferenceMath.layerNorm(w, "pooler.cross_attention_block.norm2", q, C.layerNormEps()), 4 * d, d);
    for (int i = 0; i < d; i++) {
      q[i] += m[i];
    }
    double[] expected = ReferenceMath.linear(w, "linear", q, 3);
    try (ParameterStore store = ParameterStore.fromTensors(specs, tensors, Device.cpu(), DataType.FLOAT32);
        NDManager mgr = DjlRuntime.engine().newBaseManager()) {
      float[] in = new float[n * d];
      for (int t = 0; t < n; t++) {
        for (int i = 0; i < d; i++) {
          in[t * d + i] = (float) tokens[t][i];
        }
      }
      float[] actual = probe.forward(store, mgr.create(in, new Shape(1, n, d))).toFloatArray();
      double diff = EncoderTest.maxDiff(new double[][] {expected}, actual, 3);
      assertTrue(diff < 1e-4, "max |engine - reference| = " + diff);
    }
  }

  private static double[] crossAttention(Map<String, float[]> w, String prefix, double[] q, double[][] x, int heads) {
    int d = q.length;
    int hd = d / heads;
    double[] qq = ReferenceMath.linear(w, prefix + ".q", q, d);
    double[][] kv = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      kv[t] = ReferenceMath.linear(w, prefix + ".kv", x[t], 2 * d);
    }
    double[] o = new double[d];
    for (int h = 0; h < heads; h++) {
      double[] s = new double[x.length];
      for (int t = 0; t < x.length; t++) {
        double dot = 0;
        for (int j = 0; j < hd; j++) {
          dot += qq[h * hd + j] * kv[t][h * hd + j];
        }
        s[t] = dot / Math.sqrt(hd);
      }
      double[] a = ReferenceMath.softmax(s);
      for (int j = 0; j < hd; j++) {
        for (int t = 0; t < x.length; t++) {
          o[h * hd + j] += a[t] * kv[t][d + h * hd + j];
        }
      }
    }
    return ReferenceMath.linear(w, prefix + ".proj", o, d);
  }

  @Test
  void everyFusionGivesNormalisedProbabilitiesOfTheRightShape() {
    int classes = 3;
    for (FusionKind kind : FusionKind.values()) {
      Fusion fusion = kind.create("fusion", C, classes);
      List<ParameterSpec> specs = new ArrayList<>();
      fusion.declare(specs);
      try (ParameterStore store = ParameterStore.fromTensors(specs, TestWeights.random(specs, 5, 0.2), Device.cpu(), DataType.FLOAT32);
          NDManager m = DjlRuntime.engine().newBaseManager()) {
        NDArray a = m.randomNormal(new Shape(2, 20, C.embedDim()));
        NDArray b = m.randomNormal(new Shape(2, 16, C.embedDim()));
        NDArray logp = fusion.logProbabilities(store, a, b);
        assertEquals(new Shape(2, classes), logp.getShape(), kind.name());
        float[] sums = logp.exp().sum(new int[] {1}).toFloatArray();
        for (float s : sums) {
          assertEquals(1f, s, 1e-5, kind.name());
        }
        float[] p = logp.exp().toFloatArray();
        assertTrue(p[0] != p[1] || p[1] != p[2], kind + " must not be uniform");
      }
    }
  }

  @Test
  void productOfExpertsIsTheRenormalisedSumOfLogSoftmaxes() {
    int classes = 4;
    Fusion poe = FusionKind.PRODUCT_OF_EXPERTS_JOINT.create("poe", C, classes);
    List<ParameterSpec> specs = new ArrayList<>();
    poe.declare(specs);
    AttentiveProbe first = new AttentiveProbe("poe.probe_first", C.embedDim(), C.probeHeads(), 1, classes, C.layerNormEps());
    AttentiveProbe second = new AttentiveProbe("poe.probe_second", C.embedDim(), C.probeHeads(), 1, classes, C.layerNormEps());
    AttentiveProbe joint = new AttentiveProbe("poe.probe_joint", C.embedDim(), C.probeHeads(), 1, classes, C.layerNormEps());
    try (ParameterStore store = ParameterStore.fromTensors(specs, TestWeights.random(specs, 6, 0.2), Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(1, 10, C.embedDim()));
      NDArray b = m.randomNormal(new Shape(1, 12, C.embedDim()));
      float[] la = first.forward(store, a).toFloatArray();
      float[] lb = second.forward(store, b).toFloatArray();
      float[] lj = joint.forward(store, a.concat(b, 1)).toFloatArray();
      double[] sum = new double[classes];
      for (int k = 0; k < classes; k++) {
        sum[k] = logSoftmax(la)[k] + logSoftmax(lb)[k] + logSoftmax(lj)[k];
      }
      double[] expected = ReferenceMath.softmax(sum);
      float[] actual = poe.logProbabilities(store, a, b).exp().toFloatArray();
      for (int k = 0; k < classes; k++) {
        assertEquals(expected[k], actual[k], 1e-5);
      }
    }
  }

  private static double[] logSoftmax(float[] l) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : l) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (float v : l) {
      s += Math.exp(v - max);
    }
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i] - max - Math.log(s);
    }
    return out;
  }

  @Test
  void multiLabelHeadsCoverThePaperLabelSets() {
    assertEquals(15, ClinicalLabels.RADIOLOGY_FINDINGS.size());
    assertEquals(11, ClinicalLabels.EHR_LABELS.size());
    assertEquals(ClinicalLabels.EHR_LABELS.size(), ClinicalLabels.EHR_ICD10.size());
    MultiLabelHeads heads = new MultiLabelHeads("ehr", ClinicalLabels.EHR_LABELS, C.embedDim(), C.probeHeads(), 1, C.layerNormEps());
    List<ParameterSpec> specs = new ArrayList<>();
    heads.declare(specs);
    try (ParameterStore store = ParameterStore.initialise(specs, 1, Device.cpu(), DataType.FLOAT32);
        NDManager m = DjlRuntime.engine().newBaseManager()) {
      NDArray p = heads.probabilities(store, m.randomNormal(new Shape(2, 30, C.embedDim())));
      assertEquals(new Shape(2, 11), p.getShape());
      for (float v : p.toFloatArray()) {
        assertTrue(v > 0 && v < 1);
      }
    }
  }
}
