package org.neurojepa.model.nn;

import org.neurojepa.model.NeuroJepaConfig;

/** The five two-sequence fusions of the paper, built with the configuration's sizes. */
public enum FusionKind {
  LOGIT_AVERAGING,
  GATED_CROSS_ATTENTION,
  MIL,
  PRODUCT_OF_EXPERTS,
  PRODUCT_OF_EXPERTS_JOINT;

  /** Probes of depth 1 (inference heads); the cross-attention fusion maps D→512 (D/1.5 for other widths) with 8 heads. */
  public Fusion create(String prefix, NeuroJepaConfig c, int classes) {
    int d = c.embedDim();
    double eps = c.layerNormEps();
    return switch (this) {
      case LOGIT_AVERAGING -> new LogitAveragingFusion(prefix, d, c.probeHeads(), 1, classes, eps);
      case GATED_CROSS_ATTENTION -> new GatedCrossAttentionFusion(prefix, d, fusedWidth(d), 8, classes, eps);
      case MIL -> new MilFusion(prefix, d, 128, classes, eps);
      case PRODUCT_OF_EXPERTS -> new ProductOfExpertsFusion(prefix, d, c.probeHeads(), 1, classes, eps, false);
      case PRODUCT_OF_EXPERTS_JOINT -> new ProductOfExpertsFusion(prefix, d, c.probeHeads(), 1, classes, eps, true);
    };
  }

  private static int fusedWidth(int dim) {
    int fused = dim * 2 / 3; // 768 → 512
    return Math.max(8, fused / 8 * 8);
  }
}
