package org.neurojepa.training.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an evaluation must show before its model version may serve: measured on the test split (the
 * patients training never saw), a mean AUROC over the evaluable labels and a lowest single-label
 * AUROC at or above the bar, and no label left unevaluated.
 */
public record PromotionBar(double minMeanAuroc, double minLabelAuroc) {
  public PromotionBar {
    if (!(minMeanAuroc >= 0 && minMeanAuroc <= 1) || !(minLabelAuroc >= 0 && minLabelAuroc <= 1)) {
      throw new IllegalArgumentException("AUROC bars must lie in [0, 1]");
    }
  }

  /** Mean AUROC ≥ 0.75 (near the paper's 0.785 on public tasks), every label ≥ 0.6. */
  public static PromotionBar defaults() {
    return new PromotionBar(0.75, 0.6);
  }

  /** The reasons {@code e} falls short; empty when it meets the bar. */
  public List<String> shortfalls(ModelVersionRecord.Evaluation e) {
    List<String> out = new ArrayList<>();
    if (!"test".equals(e.split())) {
      out.add("evaluated on the " + e.split() + " split, not on test");
    }
    if (!(e.meanAuroc() >= minMeanAuroc)) {
      out.add(String.format(Locale.ROOT, "mean AUROC %.3f below %.3f", e.meanAuroc(), minMeanAuroc));
    }
    if (!(e.minAuroc() >= minLabelAuroc)) {
      out.add(String.format(Locale.ROOT, "lowest label AUROC %.3f below %.3f", e.minAuroc(), minLabelAuroc));
    }
    if (e.unevaluated() > 0) {
      out.add(e.unevaluated() + " label(s) could not be evaluated (a class absent from the split)");
    }
    return out;
  }
}
