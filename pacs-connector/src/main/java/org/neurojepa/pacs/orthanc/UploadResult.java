package org.neurojepa.pacs.orthanc;

import java.util.Objects;

/**
 * Orthanc's answer to an uploaded instance.
 *
 * @param alreadyStored true when Orthanc already had this SOP instance (and kept its copy)
 */
public record UploadResult(String instanceId, String seriesId, String studyId, String patientResourceId, boolean alreadyStored) {
  public UploadResult {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(seriesId, "seriesId");
    Objects.requireNonNull(studyId, "studyId");
    Objects.requireNonNull(patientResourceId, "patientResourceId");
  }
}
