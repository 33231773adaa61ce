package org.neurojepa.pacs.orthanc;

import java.util.List;
import java.util.Objects;

/** What Orthanc reports after sending resources to a modality by C-STORE. */
public record StoreResult(int instancesCount, int failedInstancesCount, String localAet, String remoteAet, List<String> parentResources) {
  public StoreResult {
    Objects.requireNonNull(localAet, "localAet");
    Objects.requireNonNull(remoteAet, "remoteAet");
    parentResources = List.copyOf(parentResources);
  }
}
