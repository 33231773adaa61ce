package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensors whose storage PyTorch owns. DJL on PyTorch wraps Java data with {@code from_blob}: the
 * tensor points into a direct buffer that Java frees once the DJL array is closed and collected.
 * Autograd keeps its own reference to the tensors it saves for the backward pass, but not to that
 * buffer, so a saved {@code from_blob} tensor is read after it was freed when a garbage collection
 * falls between forward and backward. DJL's {@code mul(Number)} and {@code div(Number)} are such a
 * case: the scalar is a closed {@code from_blob} tensor that the product saves. Anything that
 * enters a graph is therefore made here, never with {@code NDManager.create(javaData)} or a
 * {@code Number} operand.
 */
public final class OwnedTensors {
  private OwnedTensors() {}

  /** A copy of {@code data} in PyTorch-owned storage. */
  public static NDArray of(NDManager m, float[] data, Shape shape) {
    try (NDArray borrowed = m.create(data, shape)) {
      return borrowed.duplicate();
    }
  }

  /** A copy of {@code data} in PyTorch-owned storage. */
  public static NDArray of(NDManager m, long[] data, Shape shape) {
    try (NDArray borrowed = m.create(data, shape)) {
      return borrowed.duplicate();
    }
  }

  /** A copy of {@code data} as a vector in PyTorch-owned storage. */
  public static NDArray of(NDManager m, long[] data) {
    return of(m, data, new Shape(data.length));
  }

  /** A 0-d tensor of {@code x}'s type, device and manager holding {@code value}. */
  public static NDArray scalar(NDArray x, double value) {
    return x.getManager().full(new Shape(), (float) value, x.getDataType());
  }

  /** x · value, differentiable without borrowed storage. */
  public static NDArray times(NDArray x, double value) {
    return x.mul(scalar(x, value));
  }

  /** x / value, differentiable without borrowed storage. */
  public static NDArray dividedBy(NDArray x, double value) {
    return x.div(scalar(x, value));
  }
}
