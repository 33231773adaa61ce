package org.neurojepa.pacs.orthanc;

/** The four levels of Orthanc's (and DICOM's) resource hierarchy, with Orthanc's spelling. */
public enum ResourceLevel {
  PATIENT("Patient"),
  STUDY("Study"),
  SERIES("Series"),
  INSTANCE("Instance");

  private final String orthancName;

  ResourceLevel(String orthancName) {
    this.orthancName = orthancName;
  }

  /** As Orthanc writes it in JSON ("Study", "Series" …). */
  public String orthancName() {
    return orthancName;
  }

  /** Reads Orthanc's spelling; fails on anything else. */
  public static ResourceLevel fromOrthanc(String name) {
    for (ResourceLevel level : values()) {
      if (level.orthancName.equals(name)) {
        return level;
      }
    }
    throw new IllegalArgumentException("unknown Orthanc resource level: '" + name + "'");
  }
}
