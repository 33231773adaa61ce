package org.neurojepa.training.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paper's ICD-10 definitions, code by code, at the edges of each range. */
class Icd10RulesTest {

  private static void is(String code, String... labels) {
    assertEquals(Set.of(labels), Icd10Rules.labelsOf(code), code);
  }

  @Test
  void haemorrhagesAndTheirUnions() {
    is("I61.0", "IPH", "ICH", "Haemorrhage");
    is("I61.4", "IPH", "ICH", "Haemorrhage");
    is("I61.5", "IVH", "ICH", "Haemorrhage");
    is("I61.6");
    is("I61.8", "IPH", "ICH", "Haemorrhage");
    is("I619", "IPH", "ICH", "Haemorrhage");
    is("P52.1", "IVH", "ICH", "Haemorrhage");
    is("P52.3", "IVH", "ICH", "Haemorrhage");
    is("P52.4");
    is("P52.5", "SAH", "Haemorrhage");
    is("S06.5X1A", "SDH", "Haemorrhage");
    is("I62.00", "SDH", "Haemorrhage");
    is("I62.1");
    is("I60.7", "SAH", "Haemorrhage");
    is("S06.6", "SAH", "Haemorrhage");
    is("P10.3", "SAH", "Haemorrhage");
    is("P10.2");
  }

  @Test
  void otherLabels() {
    is("C71.9", "Cancer");
    is("C79.31", "Cancer");
    is("C79.4");
    is("D33.2", "Cancer");
    is("G91.1", "Hydrocephalus");
    is("G93.1", "Edema");
    is("G93.2");
    is("G93.82", "Edema");
    is("G93.81");
    is("S06.1X0A", "Edema");
    is("G30.1", "Dementia");
    is("G31.01", "Dementia");
    is("G31.09", "Dementia");
    is("G31.2");
    is("G31.83", "Dementia");
    is("G31.85", "Dementia");
    is("G31.86");
    is("G31.9", "Dementia");
    is("G23.1", "Dementia");
    is("F02.80", "Dementia");
    is("F04");
    is("F32.9", "Major depressive disorder");
    is("f33.1", "Major depressive disorder");
    is("F34");
  }
}
