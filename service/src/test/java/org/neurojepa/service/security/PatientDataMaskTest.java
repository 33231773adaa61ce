package org.neurojepa.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PatientDataMaskTest {

  @Test
  void keyedValuesAreMasked() {
    assertEquals("PatientID=*** study 1.2.3", PatientDataMask.mask("PatientID=PID-SECRET-4711 study 1.2.3"));
    assertEquals("patientId: *** ok", PatientDataMask.mask("patientId: PID-SECRET-4711 ok"));
    assertEquals("{\"patientId\" : \"***\", \"n\" : 2}", PatientDataMask.mask("{\"patientId\" : \"PID 4711\", \"n\" : 2}"));
    assertEquals("Patient Name '***' refused", PatientDataMask.mask("Patient Name 'Doe John' refused"));
    assertEquals("patient_birth_date=***", PatientDataMask.mask("patient_birth_date=19700101"));
  }

  @Test
  void dicomTagsAsDcmdumpPrintsThemAreMasked() {
    assertEquals("(0010,0010) PN [***]  #  14, 1 PatientName",
        PatientDataMask.mask("(0010,0010) PN [DOE^JOHN M]  #  14, 1 PatientName"));
    assertEquals("(0010,0020) LO [***]", PatientDataMask.mask("(0010,0020) LO [PID-SECRET-4711]"));
  }

  @Test
  void personNameShapesAreMaskedAnywhere() {
    assertEquals("sent *** to the node", PatientDataMask.mask("sent SECRET^PATIENT to the node"));
    assertEquals("name ***", PatientDataMask.mask("name Müller^Jürgen^^Dr."));
  }

  @Test
  void textWithoutPatientDataIsUnchanged() {
    String line = "series 1.2.826.0.1.3680043.2.1125.1 complete: 24 instances, generation 1 (patient data absent)";
    assertEquals(line, PatientDataMask.mask(line));
    assertEquals("job 7 classify of series 1.2.3 done in 12 ms",
        PatientDataMask.mask("job 7 classify of series 1.2.3 done in 12 ms"));
    assertEquals("", PatientDataMask.mask(""));
  }
}
