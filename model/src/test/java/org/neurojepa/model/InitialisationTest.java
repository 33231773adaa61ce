package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.internal.TruncatedNormal;
import org.neurojepa.model.nn.Encoder;

class InitialisationTest {
  /** Standard deviation of a standard normal truncated to ±2. */
  private static final double TRUNCATED_STD = 0.8796;

  @Test
  void truncatedNormalHasTheTruncatedMomentsAndIsSeeded() {
    float[] v = TruncatedNormal.sample(3, "w", 400_000, 0.02);
    double sum = 0;
    double sq = 0;
    for (float f : v) {
      assertTrue(Math.abs(f) <= 0.04f);
      sum += f;
      sq += (double) f * f;
    }
    assertEquals(0, sum / v.length, 1e-4);
    assertEquals(0.02 * TRUNCATED_STD, Math.sqrt(sq / v.length), 0.02 * 0.01);
    assertArrayEquals(v, TruncatedNormal.sample(3, "w", 400_000, 0.02));
    assertFalse(Arrays.equals(v, TruncatedNormal.sample(3, "w2", 400_000, 0.02)));
    assertFalse(Arrays.equals(v, TruncatedNormal.sample(4, "w", 400_000, 0.02)));
  }

  @Test
  void freshTinyModelHasZeroBiasesUnitNormsAndScaledProjections() {
    Encoder encoder = new Encoder(NeuroJepaConfig.tiny());
    try (ParameterStore store = ParameterStore.initialise(encoder.specs(), 9, Device.cpu(), DataType.FLOAT32)) {
      for (float f : store.get("blocks.3.attn.qkv.bias").toFloatArray()) {
        assertEquals(0f, f);
      }
      for (float f : store.get("blocks.0.norm1.weight").toFloatArray()) {
        assertEquals(1f, f);
      }
      for (float f : store.get("blocks.1.mlp.gate.bias").toFloatArray()) {
        assertEquals(0f, f);
      }
      assertEquals(0.02 * TRUNCATED_STD, std(store.get("blocks.3.attn.qkv.weight").toFloatArray()), 0.0015);
      // layer 4: 0.02 / sqrt(8)
      assertEquals(0.02 / Math.sqrt(8) * TRUNCATED_STD, std(store.get("blocks.3.attn.proj.weight").toFloatArray()), 0.0006);
      assertEquals(0.02 / Math.sqrt(8) * TRUNCATED_STD,
          std(store.get("blocks.3.mlp.shared_experts.fc2.weight").toFloatArray()), 0.0006);
    }
  }

  private static double std(float[] v) {
    double sq = 0;
    for (float f : v) {
      sq += (double) f * f;
    }
    return Math.sqrt(sq / v.length);
  }
}
