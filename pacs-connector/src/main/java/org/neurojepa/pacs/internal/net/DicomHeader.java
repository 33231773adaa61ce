package org.neurojepa.pacs.internal.net;

import java.util.OptionalInt;

/** The header fields the store files and indexes an instance by; absent strings are empty. */
public record DicomHeader(
    String transferSyntaxUid,
    String sourceAeTitle,
    String sopClassUid,
    String sopInstanceUid,
    String studyInstanceUid,
    String seriesInstanceUid,
    String patientId,
    String modality,
    String seriesDescription,
    OptionalInt seriesNumber) {}
