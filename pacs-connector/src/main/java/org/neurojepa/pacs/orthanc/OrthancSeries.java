package org.neurojepa.pacs.orthanc;

import java.util.List;
import java.util.Objects;

/**
 * A series as Orthanc stores it: its Orthanc ID, main DICOM tags and instances. Tags Orthanc does
 * not have read as "".
 *
 * @param id Orthanc's ID of the series
 * @param studyId Orthanc's ID of its study
 * @param instanceIds Orthanc IDs of the instances received so far
 * @param status Orthanc's completeness verdict: "Complete", "Missing", "Inconsistent" or "Unknown"
 *     (only known when the instances carry ImagesInAcquisition / NumberOfTemporalPositions)
 * @param stable whether Orthanc has declared the series stable (no new instance for StableAge)
 */
public record OrthancSeries(
    String id, String studyId, String seriesInstanceUid, String modality, String seriesDescription,
    String seriesNumber, String protocolName, List<String> instanceIds, String status, boolean stable) {
  public OrthancSeries {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(seriesDescription, "seriesDescription");
    Objects.requireNonNull(seriesNumber, "seriesNumber");
    Objects.requireNonNull(protocolName, "protocolName");
    Objects.requireNonNull(status, "status");
    instanceIds = List.copyOf(instanceIds);
  }

  /** How many instances Orthanc holds for the series. */
  public int instanceCount() {
    return instanceIds.size();
  }
}
