package org.neurojepa.training.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.neurojepa.model.ParameterStore;

/**
 * Where a head's tokens come from during training: a frozen encoder's stored tokens, or an encoder
 * that is trained with the heads. Scans are addressed by their index in the list the backbone was
 * made for.
 */
interface Backbone extends AutoCloseable {

  /** Tokens [B, N, D] of the given scans; while gradients are recorded, the graph reaches a trained encoder. */
  NDArray tokens(NDManager m, int[] scans);

  /** The encoder's parameters when it is trained, else none. */
  List<ParameterStore> trained();

  @Override
  void close();
}
