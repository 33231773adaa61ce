package org.neurojepa.service.feed.subscription;

import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.feed.FeedIds;
import org.neurojepa.service.feed.FeedStore;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.Stage;
import org.neurojepa.service.report.Reports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Notifies one subscriber of one new report: a job per Subscription and report, keyed
 * {@code Subscription/<id>} with the report's id as its generation, so the job queue's retries,
 * back-off, dead letters and restarts apply. Every attempt is audited. When the last attempt
 * fails, the Subscription's status becomes {@code error} with the reason, as R4 has it, and the
 * job is dead-lettered; notifications of a Subscription that is no longer active are dropped.
 */
@Component
public final class NotifyStage implements Stage {
  public static final String NAME = "notify";
  private static final String KEY_PREFIX = "Subscription/";
  private static final Logger LOG = LoggerFactory.getLogger(NotifyStage.class);

  private final Subscriptions subscriptions;
  private final Reports reports;
  private final FeedStore store;
  private final RestHook restHook;
  private final AuditTrail audit;

  public NotifyStage(Subscriptions subscriptions, Reports reports, FeedStore store, RestHook restHook,
      AuditTrail audit) {
    this.subscriptions = subscriptions;
    this.reports = reports;
    this.store = store;
    this.restHook = restHook;
    this.audit = audit;
  }

  /** The job key of a Subscription's notifications (the job table's series column). */
  static String key(String subscriptionId) {
    return KEY_PREFIX + subscriptionId;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Job job) throws Exception {
    String subscriptionId = job.seriesUid().substring(KEY_PREFIX.length());
    Optional<StoredSubscription> found = subscriptions.find(subscriptionId);
    if (found.isEmpty() || !found.get().notifies(Instant.now())) {
      LOG.info("job {}: Subscription/{} is gone, off, in error or ended; report {} is not sent", job.id(),
          subscriptionId, job.generation());
      return;
    }
    StoredSubscription subscription = found.get();
    Reports.StoredReport report = reports.find(job.generation())
        .orElseThrow(() -> new IllegalStateException("report " + job.generation() + " is not stored"));
    String reportId = FeedIds.report(report.reportIdentifier());
    Resource diagnosticReport = store.read("DiagnosticReport", reportId).map(store::resource)
        .orElseThrow(() -> new IllegalStateException("DiagnosticReport/" + reportId + " is not in the feed"));

    NotificationAttempt attempt = restHook.send(subscription, diagnosticReport);
    String detail = "Subscription/" + subscriptionId + ", DiagnosticReport/" + reportId + " (report "
        + report.reportIdentifier() + "), attempt " + job.attempts() + " of " + job.maxAttempts() + ": "
        + attempt.describe();
    if (attempt.succeeded()) {
      audit.record(AuditEntry.of("system", AuditAction.NOTIFICATION_SENT, "success")
          .withStudy(report.studyUid(), null).withDetail(detail));
      return;
    }
    audit.record(AuditEntry.of("system", AuditAction.NOTIFICATION_FAILED, "failure")
        .withStudy(report.studyUid(), null).withDetail(detail));
    if (job.attempts() >= job.maxAttempts()) {
      String reason = "the notification of DiagnosticReport/" + reportId + " failed " + job.attempts()
          + " times; last: " + attempt.describe();
      if (subscriptions.error(subscriptionId, reason)) {
        audit.record(AuditEntry.of("system", AuditAction.SUBSCRIPTION_ERROR, "failure")
            .withStudy(report.studyUid(), null).withDetail("Subscription/" + subscriptionId + ": " + reason));
      }
    }
    throw new IllegalStateException(detail);
  }
}
