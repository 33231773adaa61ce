package org.neurojepa.model;

/**
 * Floating-point operations of one encoder forward pass, counted analytically (a multiply-add is
 * two operations): patch embedding, attention (qkv, q·kᵀ, attention·v, gate, output projection),
 * dense MLPs, and on MoE blocks the router, the k active experts and the shared expert. Norms,
 * softmax, RoPE and other element-wise work are left out (well under 1% for base).
 */
public record FlopCount(long patchEmbed, long attention, long denseMlp, long moe) {

  public static FlopCount forward(NeuroJepaConfig c, int tokens) {
    long n = tokens;
    long d = c.embedDim();
    long p3 = (long) c.patchSize() * c.patchSize() * c.patchSize();
    long patch = 2 * n * d * p3;
    long attention = 0;
    long dense = 0;
    long moe = 0;
    for (int b = 0; b < c.depth(); b++) {
      attention += 2 * n * d * 3 * d; // qkv
      attention += 2 * n * n * d; // q·kᵀ over all heads
      attention += 2 * n * n * d; // attention·v
      attention += 2 * n * d * c.numHeads(); // output gate
      attention += 2 * n * d * d; // output projection
      if (c.isMoeBlock(b)) {
        moe += 2 * n * d * c.numExperts();
        moe += (long) c.topK() * 2 * n * 2 * d * c.expertHidden();
        moe += 2 * n * 2 * d * c.sharedExpertHidden();
      } else {
        dense += 2 * n * 2 * d * c.mlpHidden();
      }
    }
    return new FlopCount(patch, attention, dense, moe);
  }

  public long total() {
    return patchEmbed + attention + denseMlp + moe;
  }
}
