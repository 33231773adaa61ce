package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Product of experts: one probe per sequence, log-softmax of each summed and renormalised. With
 * {@code joint}, a third probe over both sequences' tokens concatenated adds its own log-softmax.
 */
public final class ProductOfExpertsFusion implements Fusion {
  private final AttentiveProbe first;
  private final AttentiveProbe second;
  private final AttentiveProbe joint;

  public ProductOfExpertsFusion(String prefix, int dim, int heads, int depth, int classes, double eps, boolean joint) {
    this.first = new AttentiveProbe(prefix + ".probe_first", dim, heads, depth, classes, eps);
    this.second = new AttentiveProbe(prefix + ".probe_second", dim, heads, depth, classes, eps);
    this.joint = joint ? new AttentiveProbe(prefix + ".probe_joint", dim, heads, depth, classes, eps) : null;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    first.declare(specs);
    second.declare(specs);
    if (joint != null) {
      joint.declare(specs);
    }
  }

  @Override
  public NDArray logProbabilities(ParameterStore p, NDArray a, NDArray b) {
    NDArray sum = first.forward(p, a).logSoftmax(-1).add(second.forward(p, b).logSoftmax(-1));
    if (joint != null) {
      sum = sum.add(joint.forward(p, Concatenation.of(new NDList(a, b), 1)).logSoftmax(-1));
    }
    return sum.logSoftmax(-1);
  }

  @Override
  public int classes() {
    return first.classes();
  }
}
