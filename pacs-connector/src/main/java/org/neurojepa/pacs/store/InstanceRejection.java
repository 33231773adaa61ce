package org.neurojepa.pacs.store;

import java.time.Instant;
import java.util.Objects;
import org.neurojepa.pacs.dicom.DicomStatus;

/**
 * A C-STORE the store refused, with the status answered to the peer and the reason it was refused.
 *
 * @param sopInstanceUid as the C-STORE request named it (may be empty)
 */
public record InstanceRejection(
    String callingAeTitle, String sopClassUid, String sopInstanceUid, DicomStatus status, String reason, Instant at) {
  public InstanceRejection {
    Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    Objects.requireNonNull(sopClassUid, "sopClassUid");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
