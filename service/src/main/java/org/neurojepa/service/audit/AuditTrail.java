package org.neurojepa.service.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only, tamper-evident audit trail. Each entry's hash is SHA-256 over the previous
 * entry's hash and the entry's fields, so changing or removing any entry breaks every hash after
 * it; the table also refuses UPDATE, DELETE and TRUNCATE.
 *
 * <p>Entries are written by one thread in batches, so that recording every received instance
 * costs the DICOM node no database round trip. The price: entries queued in the last moments
 * before a crash may be lost (the instances themselves are durable before they are acknowledged).
 * Replicas on one database serialise their appends with an advisory lock.
 */
@Component
public final class AuditTrail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  static final String GENESIS = "0".repeat(64);
  private static final long CHAIN_LOCK = 0x4e4a_4155_4449_5401L;
  private static final int BATCH = 256;
  private static final int VERIFY_BATCH = 10_000;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(65_536);
  private final Thread writer;
  private final List<AuditListener> listeners;
  private volatile boolean closed;

  public AuditTrail(JdbcTemplate jdbc, TransactionTemplate tx, ObjectProvider<AuditListener> listeners) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.listeners = listeners.orderedStream().toList();
    this.writer = new Thread(this::writeLoop, "audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Queues an entry; blocks only when 65,536 entries are waiting (the database is not keeping up). */
  public void record(AuditEntry entry) {
    if (entry.action() == AuditAction.UNRECOGNISED) {
      throw new IllegalArgumentException("UNRECOGNISED is how unknown stored actions are read, never written");
    }
    if (closed) {
      throw new IllegalStateException("audit trail closed; entry not recorded: " + entry.action());
    }
    for (AuditListener listener : listeners) {
      try {
        listener.recorded(entry);
      } catch (RuntimeException e) {
        LOG.warn("audit listener {} failed on {}", listener.getClass().getSimpleName(), entry.action(), e);
      }
    }
    try {
      queue.put(entry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording " + entry.action(), e);
    }
  }

  /** Waits until every entry recorded before this call is in the database. */
  public void flush() {
    CountDownLatch done = new CountDownLatch(1);
    try {
      queue.put(done);
      if (!done.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("audit entries not written after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    List<AuditEntry> batch = new ArrayList<>();
    List<CountDownLatch> waiters = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Object first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Object> items = new ArrayList<>(List.of(first));
        queue.drainTo(items, BATCH - 1);
        for (Object item : items) {
          if (item instanceof AuditEntry e) {
            batch.add(e);
          } else {
            waiters.add((CountDownLatch) item);
          }
        }
        writeWithRetry(batch);
        batch.clear();
        waiters.forEach(CountDownLatch::countDown);
        waiters.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void writeWithRetry(List<AuditEntry> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        append(batch);
        return;
      } catch (RuntimeException e) {
        if (closed && attempt >= 3) {
          LOG.error("{} audit entries could not be written and are lost at shutdown", batch.size(), e);
          return;
        }
        LOG.warn("writing {} audit entries failed (attempt {}), retrying", batch.size(), attempt, e);
        Thread.sleep(Math.min(5_000, 100L << Math.min(attempt, 6)));
      }
    }
  }

  private void append(List<AuditEntry> batch) {
    tx.executeWithoutResult(status -> {
      jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, CHAIN_LOCK);
      String prev = jdbc.query("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1",
          rs -> rs.next() ? rs.getString(1) : GENESIS);
      for (AuditEntry e : batch) {
        String hash = hash(prev, e);
        jdbc.update("INSERT INTO audit_event (at, actor, action, outcome, calling_ae, remote_address, study_uid,"
                + " series_uid, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            Timestamp.from(e.at()), e.actor(), e.action().name(), e.outcome(), e.callingAe(), e.remoteAddress(),
            e.studyUid(), e.seriesUid(), e.detail(), prev, hash);
        prev = hash;
      }
    });
  }

  static String hash(String previousHash, AuditEntry entry) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha.update(entry.canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored entry. */
  public record StoredEntry(long id, AuditEntry entry, String previousHash, String hash) {}

  /** Entries matching every given filter, oldest first. */
  public List<StoredEntry> find(AuditQuery q) {
    StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE true");
    List<Object> args = new ArrayList<>();
    q.from().ifPresent(v -> { sql.append(" AND at >= ?"); args.add(Timestamp.from(v)); });
    q.to().ifPresent(v -> { sql.append(" AND at < ?"); args.add(Timestamp.from(v)); });
    q.actor().ifPresent(v -> { sql.append(" AND actor = ?"); args.add(v); });
    q.callingAe().ifPresent(v -> { sql.append(" AND calling_ae = ?"); args.add(v); });
    q.studyUid().ifPresent(v -> { sql.append(" AND study_uid = ?"); args.add(v); });
    q.action().ifPresent(v -> { sql.append(" AND action = ?"); args.add(v.name()); });
    q.afterId().ifPresent(v -> { sql.append(" AND id > ?"); args.add(v); });
    sql.append(" ORDER BY id LIMIT ?");
    args.add(q.limit());
    return jdbc.query(sql.toString(), (rs, n) -> {
      String stored = rs.getString("action");
      AuditAction action = known(stored);
      String detail = rs.getString("detail");
      return new StoredEntry(rs.getLong("id"),
          new AuditEntry(rs.getTimestamp("at").toInstant(), rs.getString("actor"), action, rs.getString("outcome"),
              rs.getString("calling_ae"), rs.getString("remote_address"), rs.getString("study_uid"),
              rs.getString("series_uid"),
              action == AuditAction.UNRECOGNISED ? "[stored action: " + stored + "] " + detail : detail),
          rs.getString("prev_hash"), rs.getString("hash"));
    }, args.toArray());
  }

  private static AuditAction known(String stored) {
    try {
      return AuditAction.valueOf(stored);
    } catch (IllegalArgumentException | NullPointerException e) {
      return AuditAction.UNRECOGNISED;
    }
  }

  /**
   * The result of checking the chain: how many entries, the first that does not verify, and the
   * head (the last entry checked). The chain cannot show entries removed from its end; an auditor
   * who notes the head and later finds an earlier one, or another hash at that id, can.
   */
  public record Verification(long entries, Optional<Long> firstBrokenId, String reason, long headId, String headHash) {
    @JsonProperty("intact")
    public boolean intact() {
      return firstBrokenId.isEmpty();
    }
  }

  /** Recomputes every hash from the first entry on, reading the table in batches. */
  public Verification verify() {
    String prev = GENESIS;
    long count = 0;
    long lastId = 0;
    while (true) {
      List<StoredRow> rows = jdbc.query("SELECT * FROM audit_event WHERE id > ? ORDER BY id LIMIT ?",
          (rs, n) -> new StoredRow(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
              rs.getString("action"), rs.getString("outcome"), rs.getString("calling_ae"),
              rs.getString("remote_address"), rs.getString("study_uid"), rs.getString("series_uid"),
              rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash")),
          lastId, VERIFY_BATCH);
      if (rows.isEmpty()) {
        return new Verification(count, Optional.empty(), "chain intact", lastId, prev);
      }
      for (StoredRow row : rows) {
        count++;
        String broken = row.check(prev);
        if (broken != null) {
          return new Verification(count, Optional.of(row.id()), broken, lastId, prev);
        }
        prev = row.hash();
        lastId = row.id();
      }
    }
  }

  /** A row as stored, before it is trusted: the action may not even be one this service knows. */
  private record StoredRow(long id, Instant at, String actor, String action, String outcome, String callingAe,
      String remoteAddress, String studyUid, String seriesUid, String detail, String previousHash, String hash) {

    /** Why this row breaks the chain after {@code expectedPrevious}, or null when it does not. */
    String check(String expectedPrevious) {
      if (!expectedPrevious.equals(previousHash)) {
        return "entry " + id + " does not follow the previous entry (an entry before it was removed or changed)";
      }
      AuditAction known = known(action);
      if (known == AuditAction.UNRECOGNISED) {
        return "entry " + id + " was changed after it was written (unknown action)";
      }
      AuditEntry entry = new AuditEntry(at, actor, known, outcome, callingAe, remoteAddress, studyUid, seriesUid,
          detail);
      if (!AuditTrail.hash(expectedPrevious, entry).equals(hash)) {
        return "entry " + id + " was changed after it was written";
      }
      return null;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
