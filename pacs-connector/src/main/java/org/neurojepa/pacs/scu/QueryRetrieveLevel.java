package org.neurojepa.pacs.scu;

/** The Query/Retrieve Level (0008,0052) of a C-FIND or C-MOVE in the Study Root model. */
public enum QueryRetrieveLevel {
  STUDY,
  SERIES,
  IMAGE;

  /** The attribute's value: STUDY, SERIES or IMAGE. */
  public String code() {
    return name();
  }
}
