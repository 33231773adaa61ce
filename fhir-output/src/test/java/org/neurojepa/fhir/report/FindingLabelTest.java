package org.neurojepa.fhir.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import java.util.List;

/** Every label of the paper's two label sets names a finding of the project's CodeSystem. */
class FindingLabelTest {

  // the label names as model/ClinicalLabels spells them (the paper's)
  static final List<String> PAPER_LABELS = List.of(
      "Astrocytoma", "Atrophy", "Cyst", "Edema", "Enhancement", "Hematoma", "Infarct", "Ischemic", "Mass effect",
      "Midline shift", "Multiple sclerosis", "Schwannoma", "Cancer", "Glioblastoma multiforme", "Gliosis",
      "Hydrocephalus", "Dementia", "IPH", "IVH", "SDH", "SAH", "ICH", "Major depressive disorder", "Haemorrhage");

  @Test
  void everyPaperLabelHasAFindingCode() {
    for (String label : PAPER_LABELS) {
      assertTrue(ProjectCodeSystems.FINDING_CODES.containsKey(ProjectCodeSystems.findingForLabel(label).code()), label);
    }
  }

  @Test
  void codesDisplaysAndAliasesAllWork() {
    assertEquals("mass-effect", ProjectCodeSystems.findingForLabel("Mass effect").code());
    assertEquals("mass-effect", ProjectCodeSystems.findingForLabel("mass-effect").code());
    assertEquals("mass-effect", ProjectCodeSystems.findingForLabel(" MASS_EFFECT ").code());
    assertEquals("iph", ProjectCodeSystems.findingForLabel("IPH").code());
    assertEquals("any-haemorrhage", ProjectCodeSystems.findingForLabel("Haemorrhage").code());
    assertEquals("ischemic", ProjectCodeSystems.findingForLabel("Ischemic").code());
    String why = assertThrows(IllegalArgumentException.class, () -> ProjectCodeSystems.findingForLabel("Lesion"))
        .getMessage();
    assertTrue(why.contains("Lesion") && why.contains("Mass effect"), why);
  }
}
