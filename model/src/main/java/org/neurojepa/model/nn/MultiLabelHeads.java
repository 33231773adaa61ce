package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * One attentive probe per label, each giving one logit; the probability of a label is the sigmoid
 * of its logit. Labels are independent (multi-label), as in the paper's monitoring heads.
 */
public final class MultiLabelHeads implements Layer {
  private final List<String> labels;
  private final List<AttentiveProbe> heads = new ArrayList<>();

  public MultiLabelHeads(String prefix, List<String> labels, int dim, int probeHeads, int depth, double eps) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("at least one label");
    }
    this.labels = List.copyOf(labels);
    for (int i = 0; i < labels.size(); i++) {
      heads.add(new AttentiveProbe(prefix + "." + i, dim, probeHeads, depth, 1, eps));
    }
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    for (AttentiveProbe h : heads) {
      h.declare(specs);
    }
  }

  /** tokens [B, N, D] → probabilities [B, labels]. */
  public NDArray probabilities(ParameterStore p, NDArray tokens) {
    return Activation.sigmoid(logits(p, tokens));
  }

  /** tokens [B, N, D] → logits [B, labels] (for a loss computed from logits). */
  public NDArray logits(ParameterStore p, NDArray tokens) {
    NDList logits = new NDList();
    for (AttentiveProbe h : heads) {
      logits.add(h.forward(p, tokens));
    }
    return Concatenation.of(logits, 1);
  }

  public List<ParameterSpec> specs() {
    List<ParameterSpec> specs = new ArrayList<>();
    declare(specs);
    return specs;
  }

  public List<String> labels() {
    return labels;
  }
}
