package org.neurojepa.pacs.scu;

import java.util.Objects;
import org.neurojepa.pacs.dicom.AeTitle;

/** A remote DICOM application entity: where it listens and the AE title it answers to. */
public record DicomPeer(String host, int port, AeTitle aeTitle) {
  public DicomPeer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(aeTitle, "aeTitle");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
  }

  public static DicomPeer of(String host, int port, String aeTitle) {
    return new DicomPeer(host, port, new AeTitle(aeTitle));
  }

  @Override
  public String toString() {
    return aeTitle + "@" + host + ":" + port;
  }
}
