package org.neurojepa.model;

import java.util.List;

/** The clinical label sets of the paper, in the paper's order. */
public final class ClinicalLabels {
  private ClinicalLabels() {}

  /** 15 findings extracted from radiology reports. */
  public static final List<String> RADIOLOGY_FINDINGS =
      List.of(
          "Astrocytoma", "Atrophy", "Cyst", "Edema", "Enhancement", "Hematoma", "Infarct", "Ischemic",
          "Mass effect", "Midline shift", "Multiple sclerosis", "Schwannoma", "Cancer",
          "Glioblastoma multiforme", "Gliosis");

  /** 11 labels derived from the EHR by ICD-10 codes (see {@link #EHR_ICD10}). */
  public static final List<String> EHR_LABELS =
      List.of(
          "Cancer", "Hydrocephalus", "Edema", "Dementia", "IPH", "IVH", "SDH", "SAH", "ICH",
          "Major depressive disorder", "Haemorrhage");

  /** ICD-10 definitions of the EHR labels, as the paper gives them. */
  public static final java.util.Map<String, String> EHR_ICD10 =
      java.util.Map.ofEntries(
          java.util.Map.entry("Cancer", "C71.*, C79.3, D33.*"),
          java.util.Map.entry("Hydrocephalus", "G91.*"),
          java.util.Map.entry("Edema", "G93.1, G93.5, G93.6, G93.82, S06.1"),
          java.util.Map.entry("Dementia",
              "G30.*, G31.0x, G31.83–G31.85, G31.9, G31.1, G23.1, F01.*–F03.* or anti-dementia drugs"),
          java.util.Map.entry("IPH", "I61.0–I61.4, I61.8, I61.9"),
          java.util.Map.entry("IVH", "I61.5, P52.1–P52.3"),
          java.util.Map.entry("SDH", "S06.5, I62.0"),
          java.util.Map.entry("SAH", "I60.*, S06.6, P52.5, P10.3"),
          java.util.Map.entry("ICH", "IPH or IVH"),
          java.util.Map.entry("Major depressive disorder", "F32.*, F33.*"),
          java.util.Map.entry("Haemorrhage", "any of IPH, IVH, SDH, SAH, ICH"));
}
