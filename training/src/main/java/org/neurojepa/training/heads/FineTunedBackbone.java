package org.neurojepa.training.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.nn.Encoder;
import org.neurojepa.model.nn.OwnedTensors;

/**
 * An encoder trained together with the heads, starting from the served weights. Its mixture-of-
 * experts selection biases stay as they were: fine-tuning does not count expert loads.
 */
final class FineTunedBackbone implements Backbone {
  private final NeuroJepaConfig config;
  private final Encoder encoder;
  private final ParameterStore store;
  private final List<float[]> inputs;

  FineTunedBackbone(NeuroJepaConfig config, ParameterStore store, List<float[]> inputs) {
    this.config = config;
    this.encoder = new Encoder(config);
    this.store = store;
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public NDArray tokens(NDManager m, int[] scans) {
    int voxels = config.voxels();
    float[] flat = new float[scans.length * voxels];
    for (int i = 0; i < scans.length; i++) {
      System.arraycopy(inputs.get(scans[i]), 0, flat, i * voxels, voxels);
    }
    NDArray v = OwnedTensors.of(m, flat,
        new Shape(scans.length, 1, config.inputDepth(), config.inputHeight(), config.inputWidth()));
    return encoder.forward(store, v, null, false);
  }

  @Override
  public List<ParameterStore> trained() {
    return List.of(store);
  }

  ParameterStore store() {
    return store;
  }

  @Override
  public void close() {
    store.close();
  }
}
