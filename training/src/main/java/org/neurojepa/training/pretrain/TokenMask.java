package org.neurojepa.training.pretrain;

/**
 * One sample's split of the token grid: the context tokens the encoder sees and the target tokens
 * the predictor must reconstruct, each in a shuffled order. Disjoint; together they cover the grid.
 */
public record TokenMask(long[] context, long[] target) {
  public TokenMask {
    context = context.clone();
    target = target.clone();
  }

  @Override
  public long[] context() {
    return context.clone();
  }

  @Override
  public long[] target() {
    return target.clone();
  }
}
