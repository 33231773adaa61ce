package org.neurojepa.training.heads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Few-shot training sets: for each label, k positive and k negative patients are drawn from the
 * training split (seeded); every other scan's value of that label becomes unknown, so it neither
 * teaches nor is counted. Patients, not scans, are drawn, so a patient's scans stay together.
 */
public final class FewShot {
  private FewShot() {}

  public static List<LabelledScan> select(List<LabelledScan> scans, int k, long seed) {
    if (k < 1) {
      throw new IllegalArgumentException("few-shot k must be ≥ 1");
    }
    if (scans.isEmpty()) {
      return scans;
    }
    int labels = scans.get(0).labels().length;
    List<Set<String>> chosen = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int l = 0; l < labels; l++) {
      Map<String, Boolean> patientValue = new LinkedHashMap<>();
      for (LabelledScan s : scans) {
        Boolean v = s.label(l);
        if (v != null) {
          // a patient counts as positive for the label if any of its scans is
          patientValue.merge(s.entry().patient(), v, Boolean::logicalOr);
        }
      }
      List<String> pos = new ArrayList<>();
      List<String> neg = new ArrayList<>();
      patientValue.forEach((p, v) -> (v ? pos : neg).add(p));
      if (pos.size() < k || neg.size() < k) {
        throw new IllegalArgumentException("few-shot k=" + k + " but label " + l + " has " + pos.size()
            + " positive and " + neg.size() + " negative training patients");
      }
      Set<String> keep = new HashSet<>();
      keep.addAll(draw(pos, k, rng));
      keep.addAll(draw(neg, k, rng));
      chosen.add(keep);
    }
    List<LabelledScan> out = new ArrayList<>();
    for (LabelledScan s : scans) {
      Boolean[] values = s.labels();
      boolean any = false;
      for (int l = 0; l < labels; l++) {
        if (!chosen.get(l).contains(s.entry().patient())) {
          values[l] = null;
        }
        any |= values[l] != null;
      }
      if (any) {
        out.add(new LabelledScan(s.entry(), values));
      }
    }
    return out;
  }

  private static List<String> draw(List<String> from, int k, SplittableRandom rng) {
    List<String> copy = new ArrayList<>(from);
    for (int i = copy.size() - 1; i > 0; i--) {
      Collections.swap(copy, i, rng.nextInt(i + 1));
    }
    return copy.subList(0, k);
  }
}
