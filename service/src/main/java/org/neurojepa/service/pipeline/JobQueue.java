package org.neurojepa.service.pipeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurojepa.service.config.PipelineProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Pipeline jobs in PostgreSQL. A job is leased by one worker at a time (FOR UPDATE SKIP LOCKED);
 * a lease that runs out (its worker died) makes the job available again, so a crash at any
 * point is finished by the next worker. Failed attempts are retried with exponential back-off
 * and dead-lettered after {@code maxAttempts}, keeping the last error. A job that reads files of
 * one replica (see {@link Replica}) is bound to it; the others run on any replica.
 */
@Component
public final class JobQueue {
  private final JdbcTemplate jdbc;
  private final PipelineProperties properties;
  private final Replica replica;

  public JobQueue(JdbcTemplate jdbc, PipelineProperties properties, Replica replica) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.replica = replica;
  }

  /**
   * Adds a job that any replica may run (it reads only the database) unless the same stage, series
   * and generation is already queued or done.
   */
  public boolean enqueue(String stage, String studyUid, String seriesUid, int generation) {
    return insert(stage, studyUid, seriesUid, generation, null);
  }

  /** As {@link #enqueue}, for a job that reads this replica's files: only this replica runs it. */
  public boolean enqueueHere(String stage, String studyUid, String seriesUid, int generation) {
    return insert(stage, studyUid, seriesUid, generation, replica.id());
  }

  private boolean insert(String stage, String studyUid, String seriesUid, int generation, String nodeId) {
    return jdbc.update("INSERT INTO job (stage, study_uid, series_uid, generation, max_attempts, node_id)"
        + " VALUES (?,?,?,?,?,?) ON CONFLICT (stage, series_uid, generation) DO NOTHING",
        stage, studyUid, seriesUid, generation, properties.maxAttempts(), nodeId) == 1;
  }

  /** Leases the oldest runnable job of one of {@code stages} that this replica may run, if any. */
  public Optional<Job> lease(String worker, Collection<String> stages) {
    if (stages.isEmpty()) {
      return Optional.empty();
    }
    String in = String.join(",", stages.stream().map(s -> "?").toList());
    Object[] args = new Object[stages.size() + 3];
    args[0] = worker;
    args[1] = properties.lease().toMillis();
    int i = 2;
    for (String s : stages) {
      args[i++] = s;
    }
    args[i] = replica.id();
    List<Job> leased = jdbc.query(
        "UPDATE job SET state = 'running', attempts = attempts + 1, leased_by = ?,"
            + " lease_until = now() + ? * interval '1 millisecond'"
            + " WHERE id = (SELECT id FROM job WHERE stage IN (" + in + ")"
            + "   AND ((state = 'queued' AND run_after <= now()) OR (state = 'running' AND lease_until < now()))"
            + "   AND (node_id IS NULL OR node_id = ?)"
            + "   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING *", JobQueue::job, args);
    return leased.stream().findFirst();
  }

  public void complete(Job job) {
    jdbc.update("UPDATE job SET state = CASE WHEN rerun_requested THEN 'queued' ELSE 'done' END,"
        + " finished_at = CASE WHEN rerun_requested THEN NULL ELSE now() END,"
        + " attempts = CASE WHEN rerun_requested THEN 0 ELSE attempts END,"
        + " run_after = now(), rerun_requested = false, lease_until = NULL, last_error = NULL"
        + " WHERE id = ? AND leased_by = ? AND state = 'running'", job.id(), job.leasedBy());
  }

  /** Records a failed attempt: back to the queue after the back-off, or dead after the last attempt. */
  public void fail(Job job, String error) {
    if (job.attempts() >= job.maxAttempts()) {
      jdbc.update("UPDATE job SET state = 'dead', finished_at = now(), lease_until = NULL, last_error = ?"
          + " WHERE id = ? AND leased_by = ?", error, job.id(), job.leasedBy());
      return;
    }
    Duration backoff = properties.initialBackoff().multipliedBy(1L << Math.min(job.attempts() - 1, 20));
    if (backoff.compareTo(properties.maxBackoff()) > 0) {
      backoff = properties.maxBackoff();
    }
    jdbc.update("UPDATE job SET state = 'queued', lease_until = NULL, last_error = ?,"
        + " run_after = now() + ? * interval '1 millisecond' WHERE id = ? AND leased_by = ?",
        error, backoff.toMillis(), job.id(), job.leasedBy());
  }

  /**
   * Runs a job of this stage, series and generation again because its inputs changed: a finished
   * one is queued; a running one runs once more when it completes. False if there is no such job.
   */
  public boolean rerun(String stage, String seriesUid, int generation) {
    // a finished job goes back to the queue; a running one is marked, and complete() queues it again,
    // because its stage may have read its inputs before they changed
    return jdbc.update("UPDATE job SET state = CASE WHEN state = 'running' THEN state ELSE 'queued' END,"
        + " rerun_requested = (state = 'running'),"
        + " attempts = CASE WHEN state = 'running' THEN attempts ELSE 0 END,"
        + " run_after = now(), finished_at = NULL,"
        + " leased_by = CASE WHEN state = 'running' THEN leased_by ELSE NULL END,"
        + " lease_until = CASE WHEN state = 'running' THEN lease_until ELSE NULL END"
        + " WHERE stage = ? AND series_uid = ? AND generation = ? AND state IN ('done', 'running', 'queued')",
        stage, seriesUid, generation) == 1;
  }

  /** Dead-letters a job now: its stage said that another attempt cannot succeed. */
  public void bury(Job job, String error) {
    jdbc.update("UPDATE job SET state = 'dead', finished_at = now(), lease_until = NULL, last_error = ?"
        + " WHERE id = ? AND leased_by = ?", error, job.id(), job.leasedBy());
  }

  /** An admin re-runs a dead or finished job: attempts start again. */
  public boolean requeue(long id) {
    return jdbc.update("UPDATE job SET state = 'queued', attempts = 0, run_after = now(), leased_by = NULL,"
        + " lease_until = NULL, finished_at = NULL WHERE id = ? AND state IN ('dead', 'done')", id) == 1;
  }

  public Optional<Job> find(long id) {
    return jdbc.query("SELECT * FROM job WHERE id = ?", JobQueue::job, id).stream().findFirst();
  }

  public List<Job> list(Optional<String> state, Optional<String> seriesUid, int limit) {
    return list(new JobFilter(state, Optional.empty(), Optional.empty(), seriesUid, Optional.empty(), limit));
  }

  /** The jobs matching {@code filter}, newest first. */
  public List<Job> list(JobFilter filter) {
    StringBuilder sql = new StringBuilder("SELECT * FROM job WHERE true");
    List<Object> args = new ArrayList<>();
    filter.state().ifPresent(v -> { sql.append(" AND state = ?"); args.add(v); });
    filter.stage().ifPresent(v -> { sql.append(" AND stage = ?"); args.add(v); });
    filter.studyUid().ifPresent(v -> { sql.append(" AND study_uid = ?"); args.add(v); });
    filter.seriesUid().ifPresent(v -> { sql.append(" AND series_uid = ?"); args.add(v); });
    filter.beforeId().ifPresent(v -> { sql.append(" AND id < ?"); args.add(v); });
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(filter.limit());
    return jdbc.query(sql.toString(), JobQueue::job, args.toArray());
  }

  /** How many jobs each stage has in each state: the queue's depth. */
  public Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> counts = new HashMap<>();
    jdbc.query("SELECT stage, state, count(*) FROM job GROUP BY stage, state", rs -> {
      counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
    });
    return counts;
  }

  private static Job job(ResultSet rs, int row) throws SQLException {
    Timestamp runAfter = rs.getTimestamp("run_after");
    return new Job(rs.getLong("id"), rs.getString("stage"), rs.getString("study_uid"), rs.getString("series_uid"),
        rs.getInt("generation"), rs.getString("state"), rs.getInt("attempts"), rs.getInt("max_attempts"),
        runAfter.toInstant(), rs.getString("leased_by"), rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("finished_at")), rs.getString("node_id"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
