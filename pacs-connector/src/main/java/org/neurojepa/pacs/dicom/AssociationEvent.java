package org.neurojepa.pacs.dicom;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * What the node knows about an association request when it accepts or rejects it. The AE titles
 * are as the peer sent them (trimmed), since a rejected peer's titles may not be valid.
 *
 * @param reason why it was rejected; for an accepted association, "accepted"
 */
public record AssociationEvent(
    String callingAeTitle, String calledAeTitle, InetSocketAddress remoteAddress, String reason, Instant at) {
  public AssociationEvent {
    Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    Objects.requireNonNull(calledAeTitle, "calledAeTitle");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
