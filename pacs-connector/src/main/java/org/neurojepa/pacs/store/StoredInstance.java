package org.neurojepa.pacs.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One instance durably in the store, as the index knows it. Everything here is read back from the
 * file itself (the calling AE from the file meta information's Source AE Title, the time from the
 * file's modification time), so the index can be rebuilt from disk after a crash.
 *
 * @param seriesDescription empty when the instance has none
 */
public record StoredInstance(
    String patientId,
    String studyInstanceUid,
    String seriesInstanceUid,
    String sopClassUid,
    String sopInstanceUid,
    String modality,
    String seriesDescription,
    OptionalInt seriesNumber,
    String transferSyntaxUid,
    long bytes,
    Path path,
    String callingAeTitle,
    Instant receivedAt) {
  public StoredInstance {
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    Objects.requireNonNull(sopClassUid, "sopClassUid");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(seriesDescription, "seriesDescription");
    Objects.requireNonNull(seriesNumber, "seriesNumber");
    Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
