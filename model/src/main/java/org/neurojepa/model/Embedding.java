package org.neurojepa.model;

/**
 * The encoder's output for one volume: every token's features (row-major [tokens × dim]) and their
 * mean, with the model version that produced them.
 */
public record Embedding(ModelVersion version, int tokens, int dim, float[] features, float[] pooled) {
  public Embedding {
    if (features.length != tokens * dim || pooled.length != dim) {
      throw new IllegalArgumentException("features must be tokens×dim and pooled dim long");
    }
  }

  /** Features of token {@code t}. */
  public float[] token(int t) {
    float[] out = new float[dim];
    System.arraycopy(features, t * dim, out, 0, dim);
    return out;
  }
}
