package org.neurojepa.training.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.neurojepa.model.nn.OwnedTensors;

/**
 * Binary cross-entropy on logits, over the known labels only: an unknown label (mask 0) adds
 * nothing to the loss or its gradient. Written in the stable form
 * max(z, 0) − z·y + log(1 + e^−|z|), which never takes the exponential of a large positive number.
 */
public final class BinaryCrossEntropy {
  private BinaryCrossEntropy() {}

  /**
   * @param logits [B, L]
   * @param targets [B, L], 1 or 0
   * @param mask [B, L], 1 where the label is known
   * @return the mean loss over known labels (a scalar; 0 when none is known)
   */
  public static NDArray masked(NDArray logits, NDArray targets, NDArray mask) {
    NDArray softplus = logits.abs().neg().exp().add(OwnedTensors.scalar(logits, 1)).log();
    NDArray perLabel = Activation.relu(logits).sub(logits.mul(targets)).add(softplus);
    NDArray known = mask.sum().maximum(OwnedTensors.scalar(mask, 1));
    return perLabel.mul(mask).sum().div(known);
  }
}
