package org.neurojepa.service.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One audit record before it is chained. Times are kept to the microsecond, PostgreSQL's
 * precision, so that a stored entry hashes as it did when written.
 *
 * @param actor who acted: a user name, {@code dicom:<calling AE>}, or {@code system}
 * @param outcome success, failure or refused
 */
public record AuditEntry(
    Instant at, String actor, AuditAction action, String outcome, String callingAe, String remoteAddress,
    String studyUid, String seriesUid, String detail) {

  public AuditEntry {
    at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
  }

  public static AuditEntry of(String actor, AuditAction action, String outcome) {
    return new AuditEntry(Instant.now(), actor, action, outcome, null, null, null, null, "");
  }

  public AuditEntry withDicomPeer(String callingAe, String remoteAddress) {
    return new AuditEntry(at, actor, action, outcome, callingAe, remoteAddress, studyUid, seriesUid, detail);
  }

  public AuditEntry withStudy(String study, String series) {
    return new AuditEntry(at, actor, action, outcome, callingAe, remoteAddress, study, series, detail);
  }

  public AuditEntry withDetail(String text) {
    return new AuditEntry(at, actor, action, outcome, callingAe, remoteAddress, studyUid, seriesUid, text);
  }

  /** The bytes the chain hashes after the previous entry's hash: every field, unambiguously separated. */
  String canonical() {
    StringBuilder s = new StringBuilder();
    for (Object field : new Object[] {at, actor, action, outcome, callingAe, remoteAddress, studyUid, seriesUid, detail}) {
      String text = field == null ? "\u0000" : field.toString();
      s.append(text.length()).append(':').append(text).append('|');
    }
    return s.toString();
  }
}
