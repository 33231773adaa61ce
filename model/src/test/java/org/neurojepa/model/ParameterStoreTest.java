package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.internal.DjlRuntime;

class ParameterStoreTest {
  private final List<ParameterSpec> specs =
      List.of(ParameterSpec.normal("w", 0.02, 3, 2), ParameterSpec.zeros("b", 3), ParameterSpec.buffer("bias", 3));

  @Test
  void replaceKeepsItsOwnCopy() {
    try (ParameterStore p = ParameterStore.initialise(specs, 1, Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
      NDArray v = m.create(new float[] {1, 2, 3});
      p.replace("bias", v);
      v.addi(10f);
      assertArrayEquals(new float[] {1, 2, 3}, p.get("bias").toFloatArray());
    }
  }

  @Test
  void gradientsReachTrainedParametersOnly() {
    try (ParameterStore p = ParameterStore.initialise(specs, 1, Device.cpu(), DataType.FLOAT32);
        NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
      assertTrue(!p.recordsGradients());
      p.requireGradients();
      assertTrue(p.recordsGradients());
      assertEquals(List.of("w", "b"), p.parameterNames());
      NDArray x = m.create(new float[] {1, 2});
      try (GradientCollector gc = DjlRuntime.engine().newGradientCollector()) {
        // loss = sum(W·x + b): dW[i][j] = x[j], db = 1
        NDArray y = p.get("w").matMul(x).add(p.get("b")).sum();
        gc.backward(y);
      }
      try (NDArray gw = p.gradient("w"); NDArray gb = p.gradient("b")) {
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, gw.toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, gb.toFloatArray());
      }
      assertThrows(IllegalStateException.class, () -> p.gradient("bias"));
    }
  }
}
