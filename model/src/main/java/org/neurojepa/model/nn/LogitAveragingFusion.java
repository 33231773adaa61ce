package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/** One probe per sequence; their logits are averaged. */
public final class LogitAveragingFusion implements Fusion {
  private final AttentiveProbe first;
  private final AttentiveProbe second;

  public LogitAveragingFusion(String prefix, int dim, int heads, int depth, int classes, double eps) {
    this.first = new AttentiveProbe(prefix + ".probe_first", dim, heads, depth, classes, eps);
    this.second = new AttentiveProbe(prefix + ".probe_second", dim, heads, depth, classes, eps);
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    first.declare(specs);
    second.declare(specs);
  }

  @Override
  public NDArray logProbabilities(ParameterStore p, NDArray a, NDArray b) {
    return OwnedTensors.times(first.forward(p, a).add(second.forward(p, b)), 0.5).logSoftmax(-1);
  }

  @Override
  public int classes() {
    return first.classes();
  }
}
