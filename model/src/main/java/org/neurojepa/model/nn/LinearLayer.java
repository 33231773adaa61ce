package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/** y = x·Wᵀ + b with PyTorch's [out, in] weight layout, so release weights load unchanged. */
public final class LinearLayer implements Layer {
  private final String weight;
  private final String bias;
  private final int in;
  private final int out;
  private final double std;

  public LinearLayer(String prefix, int in, int out, boolean hasBias, double std) {
    this.weight = prefix + ".weight";
    this.bias = hasBias ? prefix + ".bias" : null;
    this.in = in;
    this.out = out;
    this.std = std;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    specs.add(ParameterSpec.normal(weight, std, out, in));
    if (bias != null) {
      specs.add(ParameterSpec.zeros(bias, out));
    }
  }

  public NDArray forward(ParameterStore p, NDArray x) {
    NDArray b = bias == null ? null : p.get(bias);
    return x.getNDArrayInternal().linear(x, p.get(weight), b).singletonOrThrow();
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }
}
