package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import org.neurojepa.model.ParameterStore;

/** Combines the encoder tokens of two sequences of one study (T1w+T2w, T1w+FLAIR) into one prediction. */
public interface Fusion extends Layer {
  /**
   * @param first tokens of the first sequence [B, N, D]
   * @param second tokens of the second sequence [B, M, D]
   * @return normalised log-probabilities [B, classes]
   */
  NDArray logProbabilities(ParameterStore p, NDArray first, NDArray second);

  int classes();
}
