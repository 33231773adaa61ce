package org.neurojepa.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurojepa.model.checkpoint.HostTensor;

/** Random weights for tests, larger than the init so every part visibly changes the output. */
final class TestWeights {
  private TestWeights() {}

  static Map<String, HostTensor> random(List<ParameterSpec> specs, long seed, double scale) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      int n = Math.toIntExact(s.size());
      if (s.kind() == ParameterSpec.Kind.COUNTER) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = r.nextInt(1000);
        }
        out.put(s.name(), HostTensor.ofLongs(v, s.shape()));
        continue;
      }
      float[] v = new float[n];
      boolean normWeight = s.init() == ParameterSpec.Init.ONES;
      for (int i = 0; i < n; i++) {
        double u = r.nextDouble() * 2 - 1;
        v[i] = (float) (normWeight ? 1 + 0.3 * u : s.kind() == ParameterSpec.Kind.BUFFER ? 0.05 * u : scale * u);
      }
      out.put(s.name(), HostTensor.ofFloats(v, s.shape()));
    }
    return out;
  }

  static Map<String, float[]> floats(Map<String, HostTensor> tensors) {
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> {
      if (v.isFloating()) {
        out.put(k, v.toFloats());
      }
    });
    return out;
  }

  static float[] volume(NeuroJepaConfig c, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[c.voxels()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return v;
  }
}
