package org.neurojepa.service.pipeline;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.neurojepa.pacs.store.StoreOutcome;
import org.neurojepa.pacs.store.StoredInstance;
import org.neurojepa.pacs.store.InstanceStoredListener;
import org.neurojepa.service.config.NodeProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which series each replica is receiving and has not completed. A study's series may arrive at
 * different replicas; its report must wait for a series still in another replica's quiet period,
 * which this replica's own store cannot see. Each replica notes its open series here (once every
 * {@link #refresh} per series, not once per instance) and removes a series when it completes.
 * A row whose replica stopped noting it for {@link #stale} (the replica died while receiving) no
 * longer holds anything back.
 */
@Component
public final class SeriesReceiving implements InstanceStoredListener {
  private final JdbcTemplate jdbc;
  private final Replica replica;
  private final Duration refresh;
  private final Duration stale;
  private final ConcurrentHashMap<String, Instant> noted = new ConcurrentHashMap<>();

  public SeriesReceiving(JdbcTemplate jdbc, Replica replica, NodeProperties node) {
    this.jdbc = jdbc;
    this.replica = replica;
    Duration quiet = node.quietPeriod();
    this.refresh = quiet.dividedBy(2).compareTo(Duration.ofSeconds(5)) < 0 ? quiet.dividedBy(2) : Duration.ofSeconds(5);
    // a live replica completes a series one quiet period after its last instance, and notes it at
    // least every refresh before that: twice the quiet period and a minute more is far beyond both
    this.stale = quiet.multipliedBy(2).plusMinutes(1);
  }

  @Override
  public void instanceStored(StoredInstance instance, StoreOutcome outcome) {
    Instant now = Instant.now();
    Instant last = noted.get(instance.seriesInstanceUid());
    if (last != null && Duration.between(last, now).compareTo(refresh) < 0) {
      return;
    }
    noted.put(instance.seriesInstanceUid(), now);
    jdbc.update("INSERT INTO series_receiving (series_uid, node_id, study_uid, last_instance_at) VALUES (?,?,?,?)"
            + " ON CONFLICT (series_uid, node_id) DO UPDATE SET last_instance_at = EXCLUDED.last_instance_at",
        instance.seriesInstanceUid(), replica.id(), instance.studyInstanceUid(), Timestamp.from(now));
  }

  /** The series completed here: it holds no report back any more. Call in the completion's transaction. */
  void completed(String seriesUid) {
    noted.remove(seriesUid);
    jdbc.update("DELETE FROM series_receiving WHERE series_uid = ? AND node_id = ?", seriesUid, replica.id());
  }

  /**
   * The study's series that other replicas are receiving now. This replica's own open series are
   * known to its store.
   */
  List<String> elsewhere(String studyUid) {
    return jdbc.queryForList("SELECT DISTINCT series_uid FROM series_receiving WHERE study_uid = ? AND node_id <> ?"
            + " AND last_instance_at > now() - ? * interval '1 millisecond' ORDER BY series_uid", String.class,
        studyUid, replica.id(), stale.toMillis());
  }
}
