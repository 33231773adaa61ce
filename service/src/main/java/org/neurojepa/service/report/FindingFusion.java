package org.neurojepa.service.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.fhir.report.Finding;
import org.neurojepa.fhir.report.ProjectCodeSystems;

/**
 * A study's findings from its used sequences: per label, the average of the sequences' logits
 * (the spec's logit-averaging fusion; with one sequence, its own probability). The operating point
 * is the heads' own, the same for every sequence since one set of heads serves them all.
 */
public final class FindingFusion {
  private static final double EPS = 1e-7;

  private FindingFusion() {}

  /**
   * @param perSequence the label probabilities of each used sequence (all from one heads version)
   * @throws IllegalArgumentException when a label is not a finding of the project's CodeSystem
   */
  public static List<Finding> fuse(List<List<LabelProbability>> perSequence) {
    Map<String, double[]> sums = new LinkedHashMap<>(); // label → {logit sum, count, operating point}
    for (List<LabelProbability> sequence : perSequence) {
      for (LabelProbability p : sequence) {
        double q = Math.max(EPS, Math.min(1 - EPS, p.probability()));
        double[] s = sums.computeIfAbsent(p.label(), k -> new double[] {0, 0, p.operatingPoint()});
        s[0] += Math.log(q / (1 - q));
        s[1] += 1;
      }
    }
    List<Finding> out = new ArrayList<>();
    sums.forEach((label, s) -> {
      double logit = s[0] / s[1];
      out.add(new Finding(ProjectCodeSystems.findingForLabel(label), 1 / (1 + Math.exp(-logit)), s[2]));
    });
    return out;
  }
}
