package org.neurojepa.training.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.nn.OwnedTensors;

/** Tokens computed once by the service's encoder; only the heads learn. */
final class FrozenBackbone implements Backbone {
  private final List<Embedding> embeddings;

  FrozenBackbone(List<Embedding> embeddings) {
    this.embeddings = List.copyOf(embeddings);
  }

  @Override
  public NDArray tokens(NDManager m, int[] scans) {
    int tokens = embeddings.get(scans[0]).tokens();
    int dim = embeddings.get(scans[0]).dim();
    float[] flat = new float[scans.length * tokens * dim];
    for (int i = 0; i < scans.length; i++) {
      System.arraycopy(embeddings.get(scans[i]).features(), 0, flat, i * tokens * dim, tokens * dim);
    }
    return OwnedTensors.of(m, flat, new Shape(scans.length, tokens, dim));
  }

  @Override
  public List<ParameterStore> trained() {
    return List.of();
  }

  @Override
  public void close() {}
}
