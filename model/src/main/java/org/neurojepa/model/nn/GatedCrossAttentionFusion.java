package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Late fusion by gated bidirectional cross-attention: both token sets are projected D→F, each
 * attends to the other, the result is added through a tanh gate (zero at initialisation, so
 * training starts from the two sequences on their own), each set is mean-pooled, and the two pooled
 * vectors are classified together.
 */
public final class GatedCrossAttentionFusion implements Fusion {
  private final LinearLayer projFirst;
  private final LinearLayer projSecond;
  private final NormLayer normFirst;
  private final NormLayer normSecond;
  private final CrossAttention firstFromSecond;
  private final CrossAttention secondFromFirst;
  private final String gateFirst;
  private final String gateSecond;
  private final LinearLayer head;
  private final int classes;

  /** Base: dim 768, fused 512, 8 heads. */
  public GatedCrossAttentionFusion(String prefix, int dim, int fused, int heads, int classes, double eps) {
    this.projFirst = new LinearLayer(prefix + ".proj_first", dim, fused, true, 0.02);
    this.projSecond = new LinearLayer(prefix + ".proj_second", dim, fused, true, 0.02);
    this.normFirst = new NormLayer(prefix + ".norm_first", fused, eps);
    this.normSecond = new NormLayer(prefix + ".norm_second", fused, eps);
    this.firstFromSecond = new CrossAttention(prefix + ".xattn_first", fused, heads);
    this.secondFromFirst = new CrossAttention(prefix + ".xattn_second", fused, heads);
    this.gateFirst = prefix + ".gate_first";
    this.gateSecond = prefix + ".gate_second";
    this.head = new LinearLayer(prefix + ".head", 2 * fused, classes, true, 0.02);
    this.classes = classes;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    projFirst.declare(specs);
    projSecond.declare(specs);
    normFirst.declare(specs);
    normSecond.declare(specs);
    firstFromSecond.declare(specs);
    secondFromFirst.declare(specs);
    specs.add(ParameterSpec.zeros(gateFirst, 1));
    specs.add(ParameterSpec.zeros(gateSecond, 1));
    head.declare(specs);
  }

  @Override
  public NDArray logProbabilities(ParameterStore p, NDArray a, NDArray b) {
    NDArray fa = normFirst.forward(p, projFirst.forward(p, a));
    NDArray fb = normSecond.forward(p, projSecond.forward(p, b));
    NDArray ga = Activation.tanh(fa.getManager().zeros(new ai.djl.ndarray.types.Shape(1), fa.getDataType()).add(p.get(gateFirst)));
    NDArray gb = Activation.tanh(fa.getManager().zeros(new ai.djl.ndarray.types.Shape(1), fa.getDataType()).add(p.get(gateSecond)));
    NDArray ya = fa.add(firstFromSecond.forward(p, fa, fb).mul(ga));
    NDArray yb = fb.add(secondFromFirst.forward(p, fb, fa).mul(gb));
    NDArray pooled = Concatenation.of(new NDList(ya.mean(new int[] {1}), yb.mean(new int[] {1})), -1);
    return head.forward(p, pooled).logSoftmax(-1);
  }

  @Override
  public int classes() {
    return classes;
  }
}
