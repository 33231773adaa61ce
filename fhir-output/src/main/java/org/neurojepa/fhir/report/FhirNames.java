package org.neurojepa.fhir.report;

/**
 * The project's canonical URLs: its CodeSystems and its identifier systems. They name things, they
 * are not fetched; every code in them is listed in the README.
 */
public final class FhirNames {
  private FhirNames() {}

  public static final String BASE = "https://neurojepa.org/fhir";

  /** Finding labels of the Neuro-JEPA heads that have no LOINC or SNOMED CT code here. */
  public static final String FINDINGS = BASE + "/CodeSystem/findings";
  /** Technical observation codes, QC measures and the inference method. */
  public static final String TECHNICAL = BASE + "/CodeSystem/technical";
  /** T1w, T2w, FLAIR. */
  public static final String SEQUENCE_TYPES = BASE + "/CodeSystem/sequence-types";

  public static final String REPORT_IDENTIFIER = BASE + "/sid/report";
  public static final String OBSERVATION_IDENTIFIER = BASE + "/sid/observation";
  /** A model as {@code <name>:<version>:<weights digest>}; the Device's business identifier. */
  public static final String MODEL_IDENTIFIER = BASE + "/sid/model";
  public static final String MODEL_WEIGHTS_IDENTIFIER = BASE + "/sid/model-weights-sha256";

  public static final String DICOM_UID = "urn:dicom:uid";
  public static final String DICOM_DCM = "http://dicom.nema.org/resources/ontology/DCM";
  public static final String LOINC = "http://loinc.org";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";
  public static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
  public static final String V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
  public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  public static final String PROVENANCE_PARTICIPANT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
  public static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
  public static final String DEVICE_NAME_TYPE = "http://hl7.org/fhir/device-nametype";
  /** Core R4 extension: this report replaces the referenced one. */
  public static final String EXT_REPORT_REPLACES = "http://hl7.org/fhir/StructureDefinition/diagnosticReport-replaces";

  /** LOINC 24590-2 "MR Brain". */
  public static final String LOINC_MR_BRAIN = "24590-2";
}
