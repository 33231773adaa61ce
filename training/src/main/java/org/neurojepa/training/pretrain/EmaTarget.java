package org.neurojepa.training.pretrain;

import ai.djl.ndarray.NDArray;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.training.optim.NoGrad;

/**
 * The target encoder: an exponential moving average of the context encoder's trained parameters,
 * target ← m·target + (1 − m)·online with a constant momentum, while buffers (router selection
 * bias, expert counts) are copied. It never records gradients.
 */
public final class EmaTarget {
  public static final double MOMENTUM = 0.99925;

  private final double momentum;

  public EmaTarget(double momentum) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("EMA momentum must be in [0, 1], was " + momentum);
    }
    this.momentum = momentum;
  }

  /** Updates every tensor of {@code target} from the tensor of the same name in {@code online}. */
  public void update(ParameterStore target, ParameterStore online) {
    float m = (float) momentum;
    float rest = (float) (1 - momentum);
    NoGrad.run(() -> {
      for (ParameterSpec s : target.specs()) {
        NDArray o = online.get(s.name());
        if (s.kind() == ParameterSpec.Kind.PARAMETER) {
          try (NDArray scaled = o.mul(rest)) {
            target.get(s.name()).muli(m).addi(scaled.toType(target.get(s.name()).getDataType(), false));
          }
        } else {
          target.replace(s.name(), o);
        }
      }
    });
  }

  public double momentum() {
    return momentum;
  }
}
