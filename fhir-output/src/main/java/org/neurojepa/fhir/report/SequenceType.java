package org.neurojepa.fhir.report;

/** The MR sequence kinds the model reads; codes are in the project's sequence-types CodeSystem. */
public enum SequenceType {
  T1W("t1w", "T1-weighted"),
  T2W("t2w", "T2-weighted"),
  FLAIR("flair", "FLAIR");

  private final String code;
  private final String display;

  SequenceType(String code, String display) {
    this.code = code;
    this.display = display;
  }

  public String code() {
    return code;
  }

  public String display() {
    return display;
  }
}
