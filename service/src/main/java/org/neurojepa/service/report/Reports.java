package org.neurojepa.service.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stored FHIR reports. A study has at most one current report; a new one (a re-opened series, a
 * new model version) supersedes it in the same transaction, under a lock on the study. The
 * {@link ReportListener}s (the FHIR result feed) see each new report in that transaction too.
 */
@Component
public final class Reports {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ObjectProvider<ReportListener> listeners;

  public Reports(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectProvider<ReportListener> listeners) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.listeners = listeners;
  }

  /** A stored report; {@code supersededBy} is null for the current one. */
  public record StoredReport(
      long id, String studyUid, String reportIdentifier, String modelVersion, String generationSet, String bundleJson,
      Instant createdAt, Long supersededBy, Instant deliveredAt) {}

  /** What {@link #store} did. */
  public record Stored(StoredReport report, boolean created, Optional<StoredReport> superseded) {}

  /**
   * Stores {@code report} as the study's current report unless the current one has the same
   * identifier (the same analysis again: nothing changes).
   *
   * @param compose makes the report, given the identifier of the report it would supersede
   */
  public Stored store(String studyUid, String generationSet, java.util.function.Function<Optional<String>, ComposedReport> compose) {
    return tx.execute(status -> {
      jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", (rs, row) -> null, "report:" + studyUid);
      Optional<StoredReport> current = current(studyUid);
      ComposedReport report = compose.apply(current.map(StoredReport::reportIdentifier));
      if (current.isPresent() && current.get().reportIdentifier().equals(report.identifier())) {
        return new Stored(current.get(), false, Optional.empty());
      }
      Long id = jdbc.queryForObject("INSERT INTO reports (study_uid, report_identifier, model_version, generation_set,"
              + " bundle_json) VALUES (?,?,?,?,?) RETURNING id", Long.class,
          studyUid, report.identifier(), report.modelVersion(), generationSet, report.bundleJson());
      current.ifPresent(c -> jdbc.update("UPDATE reports SET superseded_by = ? WHERE id = ?", id, c.id()));
      StoredReport stored = find(id).orElseThrow();
      listeners.orderedStream().forEach(l -> l.reportStored(stored, current));
      return new Stored(stored, true, current);
    });
  }

  public Optional<StoredReport> current(String studyUid) {
    return jdbc.query("SELECT * FROM reports WHERE study_uid = ? AND superseded_by IS NULL ORDER BY id DESC LIMIT 1",
        Reports::report, studyUid).stream().findFirst();
  }

  public Optional<StoredReport> find(long id) {
    return jdbc.query("SELECT * FROM reports WHERE id = ?", Reports::report, id).stream().findFirst();
  }

  /** Every report of a study, newest first. */
  public List<StoredReport> ofStudy(String studyUid) {
    return jdbc.query("SELECT * FROM reports WHERE study_uid = ? ORDER BY id DESC", Reports::report, studyUid);
  }

  public void delivered(long id, String detail) {
    jdbc.update("UPDATE reports SET delivered_at = now(), delivery_detail = ? WHERE id = ?", detail, id);
  }

  private static StoredReport report(ResultSet rs, int row) throws SQLException {
    long superseded = rs.getLong("superseded_by");
    Long supersededBy = rs.wasNull() ? null : superseded;
    java.sql.Timestamp delivered = rs.getTimestamp("delivered_at");
    return new StoredReport(rs.getLong("id"), rs.getString("study_uid"), rs.getString("report_identifier"),
        rs.getString("model_version"), rs.getString("generation_set"), rs.getString("bundle_json"),
        rs.getTimestamp("created_at").toInstant(), supersededBy, delivered == null ? null : delivered.toInstant());
  }
}
