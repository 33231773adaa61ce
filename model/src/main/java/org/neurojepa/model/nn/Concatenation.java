package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Concatenation that keeps the autograd graph. DJL's {@code NDArrays.concat} of a single array
 * hands back a detached copy, which silently cut the gradient of a one-label head and of an MoE
 * layer whose tokens all chose one expert; every concatenation in the model goes through here.
 */
public final class Concatenation {
  private Concatenation() {}

  public static NDArray of(NDList parts, int axis) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, axis);
  }
}
