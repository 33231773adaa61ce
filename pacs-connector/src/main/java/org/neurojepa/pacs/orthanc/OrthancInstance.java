package org.neurojepa.pacs.orthanc;

import java.util.Objects;

/**
 * An instance as Orthanc stores it.
 *
 * @param id Orthanc's ID of the instance
 * @param seriesId Orthanc's ID of its series
 * @param instanceNumber InstanceNumber as written in the file, or ""
 * @param fileSize size of the stored DICOM file in bytes
 */
public record OrthancInstance(String id, String seriesId, String sopInstanceUid, String instanceNumber, long fileSize) {
  public OrthancInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(seriesId, "seriesId");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(instanceNumber, "instanceNumber");
  }
}
