package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Classify-then-aggregate multiple-instance learning over the two sequences' tokens concatenated:
 * every token is classified on its own, and the token logits are combined with attention weights
 * softmax(w·tanh(V·x)) over all tokens of both sequences.
 */
public final class MilFusion implements Fusion {
  private final NormLayer norm;
  private final LinearLayer instance;
  private final LinearLayer attentionHidden;
  private final LinearLayer attentionScore;
  private final int classes;

  public MilFusion(String prefix, int dim, int attentionDim, int classes, double eps) {
    this.norm = new NormLayer(prefix + ".norm", dim, eps);
    this.instance = new LinearLayer(prefix + ".instance", dim, classes, true, 0.02);
    this.attentionHidden = new LinearLayer(prefix + ".attention_hidden", dim, attentionDim, true, 0.02);
    this.attentionScore = new LinearLayer(prefix + ".attention_score", attentionDim, 1, true, 0.02);
    this.classes = classes;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    norm.declare(specs);
    instance.declare(specs);
    attentionHidden.declare(specs);
    attentionScore.declare(specs);
  }

  @Override
  public NDArray logProbabilities(ParameterStore p, NDArray a, NDArray b) {
    NDArray x = norm.forward(p, Concatenation.of(new NDList(a, b), 1));
    NDArray logits = instance.forward(p, x); // [B, N+M, C]
    NDArray weights = attentionScore.forward(p, Activation.tanh(attentionHidden.forward(p, x))).softmax(1);
    return logits.mul(weights).sum(new int[] {1}).logSoftmax(-1);
  }

  @Override
  public int classes() {
    return classes;
  }
}
