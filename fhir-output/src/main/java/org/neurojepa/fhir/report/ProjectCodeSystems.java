package org.neurojepa.fhir.report;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;

/**
 * The project-owned CodeSystems, complete, so that the validator rejects a misspelt code. Codes
 * are used only where LOINC, SNOMED CT, DICOM or HL7 terminology has none we could verify.
 */
public final class ProjectCodeSystems {
  private ProjectCodeSystems() {}

  public static final Map<String, String> TECHNICAL_CODES = ordered(
      "sequences-used", "MR sequences used by the model",
      "registration-qc", "Registration quality against the template",
      "sequence-type", "Sequence type",
      "series-instance-uid", "Series Instance UID",
      "series-description", "Series description",
      "series-rejected", "Series not used by the model",
      "mutual-information", "Mutual information",
      "psnr", "Peak signal-to-noise ratio",
      "pearson-r", "Pearson correlation",
      "operating-point", "Operating point",
      "neuro-jepa-inference", "Neuro-JEPA model inference",
      "ai-model", "Neuro-JEPA brain MRI model");

  public static final Map<String, String> SEQUENCE_TYPE_CODES = ordered(
      SequenceType.T1W.code(), SequenceType.T1W.display(),
      SequenceType.T2W.code(), SequenceType.T2W.display(),
      SequenceType.FLAIR.code(), SequenceType.FLAIR.display());

  /** The paper's 15 radiology findings and 11 EHR-derived labels (Cancer and Edema are in both). */
  public static final Map<String, String> FINDING_CODES = ordered(
      "astrocytoma", "Astrocytoma",
      "atrophy", "Atrophy",
      "cyst", "Cyst",
      "edema", "Edema",
      "enhancement", "Enhancement",
      "hematoma", "Hematoma",
      "infarct", "Infarct",
      "ischemic", "Ischemic change",
      "mass-effect", "Mass effect",
      "midline-shift", "Midline shift",
      "multiple-sclerosis", "Multiple sclerosis",
      "schwannoma", "Schwannoma",
      "cancer", "Cancer",
      "glioblastoma-multiforme", "Glioblastoma multiforme",
      "gliosis", "Gliosis",
      "hydrocephalus", "Hydrocephalus",
      "dementia", "Dementia",
      "iph", "Intraparenchymal haemorrhage",
      "ivh", "Intraventricular haemorrhage",
      "sdh", "Subdural haemorrhage",
      "sah", "Subarachnoid haemorrhage",
      "ich", "Intracranial haemorrhage",
      "major-depressive-disorder", "Major depressive disorder",
      "any-haemorrhage", "Any haemorrhage");

  /** A finding label of the project's findings CodeSystem; unknown codes are refused. */
  public static FindingCode finding(String code) {
    String display = FINDING_CODES.get(code);
    if (display == null) {
      throw new IllegalArgumentException("unknown finding code '" + code + "'; known: " + FINDING_CODES.keySet());
    }
    return new FindingCode(FhirNames.FINDINGS, code, display);
  }

  /** The paper's label names that are not a finding's code or display text. */
  private static final Map<String, String> LABEL_ALIASES = Map.of(
      "ischemic", "ischemic",
      "haemorrhage", "any-haemorrhage",
      "hemorrhage", "any-haemorrhage",
      "any hemorrhage", "any-haemorrhage",
      "gbm", "glioblastoma-multiforme",
      "ms", "multiple-sclerosis");

  /**
   * The finding a head's label names: its code ({@code mass-effect}), its display text
   * ({@code Mass effect}), or the paper's name ({@code IPH}, {@code Haemorrhage}), case and spaces
   * aside. A label outside the findings CodeSystem is refused: a report must not carry a code
   * nobody can look up.
   */
  public static FindingCode findingForLabel(String label) {
    String key = label.trim().toLowerCase(java.util.Locale.ROOT);
    String hyphenated = key.replaceAll("[\\s_]+", "-");
    if (FINDING_CODES.containsKey(hyphenated)) {
      return finding(hyphenated);
    }
    for (Map.Entry<String, String> e : FINDING_CODES.entrySet()) {
      if (e.getValue().toLowerCase(java.util.Locale.ROOT).equals(key)) {
        return finding(e.getKey());
      }
    }
    String alias = LABEL_ALIASES.get(key);
    if (alias != null) {
      return finding(alias);
    }
    throw new IllegalArgumentException("label '" + label + "' is not a finding of " + FhirNames.FINDINGS
        + "; known: " + FINDING_CODES.values());
  }

  public static List<CodeSystem> all() {
    return List.of(
        codeSystem(FhirNames.TECHNICAL, "NeuroJepaTechnical", "Neuro-JEPA technical observations", TECHNICAL_CODES),
        codeSystem(FhirNames.SEQUENCE_TYPES, "NeuroJepaSequenceTypes", "Neuro-JEPA MR sequence types",
            SEQUENCE_TYPE_CODES),
        codeSystem(FhirNames.FINDINGS, "NeuroJepaFindings", "Neuro-JEPA finding labels", FINDING_CODES));
  }

  private static CodeSystem codeSystem(String url, String name, String title, Map<String, String> codes) {
    CodeSystem cs = new CodeSystem();
    cs.setId(name);
    cs.setUrl(url);
    cs.setVersion("1");
    cs.setName(name);
    cs.setTitle(title);
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
    cs.setCaseSensitive(true);
    codes.forEach((code, display) -> cs.addConcept().setCode(code).setDisplay(display));
    return cs;
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
