package org.neurojepa.service.pipeline;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.config.NodeProperties;
import org.neurojepa.service.model.ModelInstallation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The replicas sharing the database, each reporting itself every {@link #BEAT}: its DICOM node and
 * the model version it serves. Admins see them at /api/replicas; the report stage uses the served
 * versions to tell a transient switch of model (a promotion that one replica has not polled yet)
 * from replicas configured with different models, which no re-embedding can reconcile.
 */
@Component
public final class Replicas implements SmartLifecycle {
  static final Duration BEAT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);

  private final JdbcTemplate jdbc;
  private final Replica replica;
  private final NodeProperties nodeProperties;
  private final DicomNodeLifecycle node;
  private final ModelInstallation installation;
  private final Instant startedAt = Instant.now();
  private ScheduledExecutorService beat;

  public Replicas(JdbcTemplate jdbc, Replica replica, NodeProperties nodeProperties, DicomNodeLifecycle node,
      ModelInstallation installation) {
    this.jdbc = jdbc;
    this.replica = replica;
    this.nodeProperties = nodeProperties;
    this.node = node;
    this.installation = installation;
  }

  /**
   * One replica as last reported.
   *
   * @param modelVersion the version it serves; null before its first job loaded a model
   * @param alive whether it reported itself within the last three beats
   */
  public record Entry(String nodeId, String aeTitle, int dicomPort, String modelVersion, Instant startedAt,
      Instant seenAt, boolean alive) {}

  public List<Entry> list() {
    return jdbc.query("SELECT *, seen_at > now() - ? * interval '1 millisecond' AS alive FROM replica ORDER BY node_id",
        (rs, row) -> new Entry(rs.getString("node_id"), rs.getString("ae_title"), rs.getInt("dicom_port"),
            rs.getString("model_version"), rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("seen_at").toInstant(), rs.getBoolean("alive")), BEAT.multipliedBy(3).toMillis());
  }

  /**
   * Queued or running jobs bound to a replica that is not alive (or never reported itself): they
   * wait for it, because their series' files are on its disk. Zero in a healthy installation.
   */
  public long strandedJobs() {
    Long n = jdbc.queryForObject("SELECT count(*) FROM job j LEFT JOIN replica r ON r.node_id = j.node_id"
        + " WHERE j.node_id IS NOT NULL AND j.state IN ('queued', 'running')"
        + " AND (r.node_id IS NULL OR r.seen_at <= now() - ? * interval '1 millisecond')",
        Long.class, BEAT.multipliedBy(3).toMillis());
    return n == null ? 0 : n;
  }

  /** The model version a live replica serves, if it reported one. */
  public Optional<String> servedBy(String nodeId) {
    return list().stream().filter(e -> e.nodeId().equals(nodeId) && e.alive()).map(Entry::modelVersion)
        .filter(v -> v != null).findFirst();
  }

  void report() {
    try {
      String version = installation.peek().map(m -> m.version().id()).orElse(null);
      jdbc.update("INSERT INTO replica (node_id, ae_title, dicom_port, model_version, started_at, seen_at)"
              + " VALUES (?,?,?,?,?,now()) ON CONFLICT (node_id) DO UPDATE SET ae_title = EXCLUDED.ae_title,"
              + " dicom_port = EXCLUDED.dicom_port, model_version = EXCLUDED.model_version,"
              + " started_at = EXCLUDED.started_at, seen_at = now()",
          replica.id(), nodeProperties.aeTitle(), node.port(), version, Timestamp.from(startedAt));
      // notes left by a replica that died while receiving hold nothing back (SeriesReceiving), and
      // after a day nobody needs them to explain anything either
      jdbc.update("DELETE FROM series_receiving WHERE last_instance_at < now() - interval '1 day'");
    } catch (RuntimeException e) {
      LOG.warn("could not report this replica ({}): {}", replica.id(), e.getMessage());
    }
  }

  @Override
  public synchronized void start() {
    beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "replica-beat");
      t.setDaemon(true);
      return t;
    });
    beat.scheduleWithFixedDelay(this::report, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (beat != null) {
      beat.shutdownNow();
      beat = null;
    }
  }

  @Override
  public boolean isRunning() {
    return beat != null;
  }

  /** After the DICOM node, whose port it reports. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE + 1;
  }
}
