package org.neurojepa.service.pipeline;

import java.util.Optional;
import org.neurojepa.pacs.series.SeriesCompleted;
import org.neurojepa.pacs.series.SeriesCompletedListener;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a completed series enters the pipeline: its completion is recorded, audited, and its
 * first job queued on this replica, which holds its files. A re-opened series (generation 2, 3 …)
 * gets new jobs; results of earlier generations are superseded. A series that another replica
 * already completed is not taken over: its instances were split between replicas (the sender's
 * associations were balanced over them), and half a series analysed twice helps nobody; the
 * refusal is audited with both replicas named.
 */
@Component
public final class SeriesIntake implements SeriesCompletedListener {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesIntake.class);

  private final SeriesRecords records;
  private final SeriesReceiving receiving;
  private final JobQueue jobs;
  private final AuditTrail audit;
  private final Replica replica;
  private final TransactionTemplate tx;

  public SeriesIntake(SeriesRecords records, SeriesReceiving receiving, JobQueue jobs, AuditTrail audit,
      Replica replica, PlatformTransactionManager transactions) {
    this.records = records;
    this.receiving = receiving;
    this.jobs = jobs;
    this.audit = audit;
    this.replica = replica;
    this.tx = new TransactionTemplate(transactions);
  }

  @Override
  public void seriesCompleted(SeriesCompleted event) {
    // one transaction: a replica deciding whether the study is ready sees the series either still
    // being received or completed, never neither
    Optional<String> heldElsewhere = tx.execute(status -> {
      receiving.completed(event.seriesInstanceUid());
      Optional<String> other = records.completed(event.studyInstanceUid(), event.seriesInstanceUid(),
          event.generation(), event.instanceCount(), event.at(), replica.id());
      if (other.isEmpty()) {
        jobs.enqueueHere(ClassifyStage.NAME, event.studyInstanceUid(), event.seriesInstanceUid(), event.generation());
      }
      return other;
    });
    if (heldElsewhere.isPresent()) {
      LOG.warn("series {} completed here with {} instances, but replica {} holds it already: not analysed here;"
          + " send a study's associations to one replica", event.seriesInstanceUid(), event.instanceCount(),
          heldElsewhere.get());
      audit.record(AuditEntry.of("system", AuditAction.SERIES_COMPLETED, "refused")
          .withStudy(event.studyInstanceUid(), event.seriesInstanceUid())
          .withDetail(event.instanceCount() + " instances on replica " + replica.id() + ", but replica "
              + heldElsewhere.get() + " holds this series: its instances were split between replicas"));
      return;
    }
    AuditAction action = event.generation() == 1 ? AuditAction.SERIES_COMPLETED : AuditAction.SERIES_REOPENED;
    audit.record(AuditEntry.of("system", action, "success")
        .withStudy(event.studyInstanceUid(), event.seriesInstanceUid())
        .withDetail(event.instanceCount() + " instances, generation " + event.generation()));
  }
}
