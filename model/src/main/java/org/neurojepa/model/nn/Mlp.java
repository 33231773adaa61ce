package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/** fc1 → GELU (erf form) → fc2; fc2 initialised with std 0.02/√(2·layerNumber). */
public final class Mlp implements FeedForward {
  private final LinearLayer fc1;
  private final LinearLayer fc2;

  public Mlp(String prefix, int in, int hidden, int out, int layerNumber) {
    this.fc1 = new LinearLayer(prefix + ".fc1", in, hidden, true, 0.02);
    this.fc2 = new LinearLayer(prefix + ".fc2", hidden, out, true, 0.02 / Math.sqrt(2.0 * layerNumber));
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    fc1.declare(specs);
    fc2.declare(specs);
  }

  public NDArray forward(ParameterStore p, NDArray x) {
    return fc2.forward(p, Activation.gelu(fc1.forward(p, x)));
  }

  @Override
  public NDArray forward(ParameterStore p, NDArray x, boolean training) {
    return forward(p, x);
  }

  @Override
  public long activeParameters() {
    return (long) fc1.in() * fc1.out() + fc1.out() + (long) fc2.in() * fc2.out() + fc2.out();
  }
}
