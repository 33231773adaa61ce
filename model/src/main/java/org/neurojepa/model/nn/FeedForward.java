package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import org.neurojepa.model.ParameterStore;

/** The MLP half of a block: dense {@link Mlp} or sparse {@link MoeLayer}. */
public interface FeedForward extends Layer {
  /**
   * @param x tokens [B, N, D]
   * @param training whether to accumulate routing statistics (MoE expert counts)
   */
  NDArray forward(ParameterStore p, NDArray x, boolean training);

  /** Parameters that touch one token in a forward pass (all of them for a dense MLP). */
  long activeParameters();
}
