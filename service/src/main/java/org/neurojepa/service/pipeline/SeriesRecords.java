package org.neurojepa.service.pipeline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurojepa.preprocessing.series.Classification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What the pipeline knows of each series: its latest completion and its classification. */
@Component
public final class SeriesRecords {
  private final JdbcTemplate jdbc;

  public SeriesRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A series' state as the admin API shows it.
   *
   * @param nodeId the replica that received it and holds its files; null for series recorded
   *     before replicas were told apart
   */
  public record SeriesRecord(
      String seriesUid, String studyUid, int generation, int instanceCount, Instant completedAt,
      String sequenceType, Boolean postContrast, String rejection, String explanation, String evidence,
      String nodeId) {}

  /**
   * Records a completion on replica {@code nodeId}; a later generation replaces an earlier one and
   * clears its classification. A series stays with the replica that first completed it: its
   * generations count that replica's receptions, and its files are there.
   *
   * @return the replica holding the series if that is another one (nothing was recorded then)
   */
  public Optional<String> completed(String studyUid, String seriesUid, int generation, int instanceCount, Instant at,
      String nodeId) {
    jdbc.update("INSERT INTO series_state (series_uid, study_uid, generation, instance_count, completed_at, node_id)"
        + " VALUES (?,?,?,?,?,?) ON CONFLICT (series_uid) DO UPDATE SET generation = EXCLUDED.generation,"
        + " instance_count = EXCLUDED.instance_count, completed_at = EXCLUDED.completed_at, sequence_type = NULL,"
        + " post_contrast = NULL, rejection = NULL, explanation = NULL, evidence = NULL, header = NULL,"
        + " node_id = EXCLUDED.node_id"
        + " WHERE series_state.generation < EXCLUDED.generation"
        + " AND (series_state.node_id IS NULL OR series_state.node_id = EXCLUDED.node_id)",
        seriesUid, studyUid, generation, instanceCount, Timestamp.from(at), nodeId);
    return find(seriesUid).map(SeriesRecord::nodeId).filter(n -> !n.equals(nodeId));
  }

  /**
   * Stores the classification of one generation and the header attributes its report needs; a
   * stale generation's result is ignored.
   */
  public void classified(String seriesUid, int generation, Classification c, String headerJson) {
    jdbc.update("UPDATE series_state SET sequence_type = ?, post_contrast = ?, rejection = ?, explanation = ?,"
            + " evidence = ?, header = ?::jsonb WHERE series_uid = ? AND generation = ?",
        c.type().name(), c.postContrast(), c.rejection().map(Enum::name).orElse(null), c.explanation(),
        String.join("; ", c.evidence()), headerJson, seriesUid, generation);
  }

  /** The header attributes stored at classification ({@link SeriesHeader}), if the series was classified since V12. */
  public Optional<String> header(String seriesUid) {
    return jdbc.queryForList("SELECT header::text FROM series_state WHERE series_uid = ? AND header IS NOT NULL",
        String.class, seriesUid).stream().findFirst();
  }

  public Optional<SeriesRecord> find(String seriesUid) {
    return jdbc.query("SELECT * FROM series_state WHERE series_uid = ?", SeriesRecords::record, seriesUid)
        .stream().findFirst();
  }

  public List<SeriesRecord> ofStudy(String studyUid) {
    return jdbc.query("SELECT * FROM series_state WHERE study_uid = ? ORDER BY series_uid", SeriesRecords::record,
        studyUid);
  }

  /** Every study with a completed series, whichever replica received it. */
  public List<String> studyUids() {
    return jdbc.queryForList("SELECT DISTINCT study_uid FROM series_state ORDER BY study_uid", String.class);
  }

  private static SeriesRecord record(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    boolean post = rs.getBoolean("post_contrast");
    Boolean postContrast = rs.wasNull() ? null : post;
    return new SeriesRecord(rs.getString("series_uid"), rs.getString("study_uid"), rs.getInt("generation"),
        rs.getInt("instance_count"), rs.getTimestamp("completed_at").toInstant(), rs.getString("sequence_type"),
        postContrast, rs.getString("rejection"), rs.getString("explanation"), rs.getString("evidence"),
        rs.getString("node_id"));
  }
}
