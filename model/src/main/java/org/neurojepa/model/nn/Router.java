package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Chooses experts per token. Scores are softmax(Linear D→E, no bias) in float32. A selection bias
 * (a buffer moved by load balancing, never trained) is added to the scores only to choose the top-k;
 * the mixing weights are the unbiased scores of the chosen experts, not renormalised, times the
 * route scale.
 */
public final class Router implements Layer {
  private final LinearLayer gate;
  private final String bias;
  private final int experts;
  private final int topK;
  private final float routeScale;

  /** Chosen experts {@code [T·k]} (token-major) and their mixing weights [T, k] in float32. */
  public record Routing(long[] experts, NDArray weights, int topK) {}

  public Router(String prefix, int dim, int experts, int topK, double routeScale) {
    this.gate = new LinearLayer(prefix + ".gate", dim, experts, false, 0.02);
    this.bias = prefix + ".bias";
    this.experts = experts;
    this.topK = topK;
    this.routeScale = (float) routeScale;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    gate.declare(specs);
    specs.add(ParameterSpec.buffer(bias, experts));
  }

  /** Routes tokens x [T, D]. */
  public Routing route(ParameterStore p, NDArray x) {
    NDArray logits = gate.forward(p, x);
    // float32 at least; float64 (gradient checks) keeps its precision
    NDArray scores = (logits.getDataType() == DataType.FLOAT64 ? logits : logits.toType(DataType.FLOAT32, false)).softmax(-1);
    NDList top = scores.add(p.get(bias)).topK(topK, -1, true, true);
    NDArray chosen = top.get(1);
    NDArray weights = OwnedTensors.times(scores.gather(chosen, 1), routeScale);
    return new Routing(chosen.toLongArray(), weights, topK);
  }

  public long parameters() {
    return (long) experts * gate.in();
  }

  public String biasKey() {
    return bias;
  }
}
