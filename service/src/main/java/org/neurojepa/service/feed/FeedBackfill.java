package org.neurojepa.service.feed;

import java.util.List;
import org.neurojepa.service.report.Reports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds the reports stored before the feed existed (or by a replica without it) to the feed, once
 * at start, oldest first, before the pipeline workers store new ones. Each report is indexed in a
 * transaction of its own under a lock on its row, so replicas starting together share the work.
 * No subscriber is notified of these: they are not new.
 */
@Component
public final class FeedBackfill implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(FeedBackfill.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final Reports reports;
  private final FeedIndexer indexer;
  private volatile boolean running;

  public FeedBackfill(JdbcTemplate jdbc, PlatformTransactionManager transactions, Reports reports, FeedIndexer indexer) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.reports = reports;
    this.indexer = indexer;
  }

  /** Indexes every report not in the feed yet; returns how many. */
  public int run() {
    List<Long> pending = jdbc.queryForList("SELECT id FROM reports WHERE feed_indexed_at IS NULL ORDER BY id", Long.class);
    int done = 0;
    for (long id : pending) {
      Boolean indexed = tx.execute(status -> {
        List<Long> locked = jdbc.queryForList(
            "SELECT id FROM reports WHERE id = ? AND feed_indexed_at IS NULL FOR UPDATE SKIP LOCKED", Long.class, id);
        if (locked.isEmpty()) {
          return false; // indexed meanwhile, or another replica is at it
        }
        indexer.index(reports.find(id).orElseThrow());
        return true;
      });
      done += Boolean.TRUE.equals(indexed) ? 1 : 0;
    }
    if (done > 0) {
      LOG.info("added {} earlier report(s) to the FHIR feed", done);
    }
    return done;
  }

  @Override
  public void start() {
    run();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the pipeline workers (one phase later), so that the feed's versions follow report order. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE;
  }
}
