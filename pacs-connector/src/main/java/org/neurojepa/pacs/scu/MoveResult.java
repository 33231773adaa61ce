package org.neurojepa.pacs.scu;

import java.util.Objects;
import org.neurojepa.pacs.dicom.DicomStatus;

/**
 * The final response of a C-MOVE: Success, or a warning (B000: some sub-operations failed), with
 * the peer's sub-operation counts (-1 where it sent none). Failure statuses are thrown as
 * {@link DicomClientException}.
 *
 * @param completed instances the peer stored at the destination
 * @param failed instances it could not store there
 */
public record MoveResult(DicomStatus status, int completed, int failed, int warning) {
  public MoveResult {
    Objects.requireNonNull(status, "status");
  }
}
