package org.neurojepa.pacs.orthanc;

import java.util.Objects;

/** What {@code GET /system} says about an Orthanc server. */
public record OrthancSystem(String name, String version, int apiVersion, String dicomAet, int dicomPort, int httpPort) {
  public OrthancSystem {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(dicomAet, "dicomAet");
  }
}
