package org.neurojepa.service.pipeline;

import org.neurojepa.pacs.series.SeriesCompleted;
import org.neurojepa.pacs.series.SeriesCompletedListener;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.stereotype.Component;

/**
 * Where a completed series enters the pipeline: its completion is recorded, audited, and its
 * first job queued. A re-opened series (generation 2, 3 …) gets new jobs; results of earlier
 * generations are superseded.
 */
@Component
public final class SeriesIntake implements SeriesCompletedListener {
  private final SeriesRecords records;
  private final JobQueue jobs;
  private final AuditTrail audit;

  public SeriesIntake(SeriesRecords records, JobQueue jobs, AuditTrail audit) {
    this.records = records;
    this.jobs = jobs;
    this.audit = audit;
  }

  @Override
  public void seriesCompleted(SeriesCompleted event) {
    records.completed(event.studyInstanceUid(), event.seriesInstanceUid(), event.generation(), event.instanceCount(),
        event.at());
    jobs.enqueue(ClassifyStage.NAME, event.studyInstanceUid(), event.seriesInstanceUid(), event.generation());
    AuditAction action = event.generation() == 1 ? AuditAction.SERIES_COMPLETED : AuditAction.SERIES_REOPENED;
    audit.record(AuditEntry.of("system", action, "success")
        .withStudy(event.studyInstanceUid(), event.seriesInstanceUid())
        .withDetail(event.instanceCount() + " instances, generation " + event.generation()));
  }
}
