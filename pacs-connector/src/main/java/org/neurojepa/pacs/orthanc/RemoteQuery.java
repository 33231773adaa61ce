package org.neurojepa.pacs.orthanc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A C-FIND that Orthanc ran against a modality and keeps under {@code /queries/{id}}; its answers
 * can then be retrieved with {@link OrthancClient#retrieve(RemoteQuery, String)}.
 *
 * @param answers one map per matching remote resource, keyed by DICOM keyword (e.g. StudyInstanceUID)
 */
public record RemoteQuery(String id, String modality, ResourceLevel level, List<Map<String, String>> answers) {
  public RemoteQuery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(level, "level");
    answers = answers.stream().map(Map::copyOf).toList();
  }
}
