package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.util.Optional;
import org.neurojepa.service.feed.FeedIds;
import org.neurojepa.service.feed.FeedStore;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.report.ReportListener;
import org.neurojepa.service.report.Reports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Queues a {@link NotifyStage} job for each Subscription whose criteria the new report meets,
 * in the transaction that stores the report (after the feed has indexed it): a report is stored
 * with its notifications or not at all. A replaced report's successor is new and notified; the
 * earlier report is unchanged and is not.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public final class SubscriptionNotifications implements ReportListener {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionNotifications.class);

  private final Subscriptions subscriptions;
  private final FeedStore store;
  private final JobQueue jobs;
  private final FhirContext context;

  public SubscriptionNotifications(Subscriptions subscriptions, FeedStore store, JobQueue jobs, FhirContext context) {
    this.subscriptions = subscriptions;
    this.store = store;
    this.jobs = jobs;
    this.context = context;
  }

  @Override
  public void reportStored(Reports.StoredReport report, Optional<Reports.StoredReport> superseded) {
    String reportId = FeedIds.report(report.reportIdentifier());
    for (StoredSubscription s : subscriptions.notifying()) {
      SubscriptionCriteria criteria;
      try {
        criteria = SubscriptionCriteria.parse(s.criteria(), context);
      } catch (IllegalArgumentException e) {
        // accepted when it was created; a later version of the feed may read it differently
        LOG.warn("Subscription/{}: its criteria no longer read: {}", s.id(), e.getMessage());
        continue;
      }
      if (criteria.matches(reportId, store)) {
        jobs.enqueue(NotifyStage.NAME, report.studyUid(), NotifyStage.key(s.id()), Math.toIntExact(report.id()));
      }
    }
  }
}
