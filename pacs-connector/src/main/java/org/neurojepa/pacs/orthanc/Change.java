package org.neurojepa.pacs.orthanc;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of Orthanc's change feed.
 *
 * @param seq position in the feed; ask for {@code changes(seq, …)} to continue after it
 * @param type the kind of change ({@link ChangeType#OTHER} for kinds this client does not know)
 * @param typeName Orthanc's spelling of the kind
 * @param level the level of the resource that changed, empty for changes about no resource (jobs)
 * @param resourceId the Orthanc ID of that resource (or the job)
 * @param date when Orthanc recorded the change, in the server's local time
 */
public record Change(
    long seq, ChangeType type, String typeName, Optional<ResourceLevel> level, String resourceId,
    LocalDateTime date) {
  public Change {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(date, "date");
  }
}
