package org.neurojepa.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditListener;
import org.springframework.stereotype.Component;

/**
 * Counts what the service does from its audit entries: every association, received instance,
 * completed series, stored report, delivery and notification is audited where it happens, so
 * counting there keeps the metrics and the audit trail in step and needs no second call at each
 * place. The counters exist from the start (at 0), so that a scrape tells "none yet" from
 * "not measured".
 */
@Component
public final class ActivityCounters implements AuditListener {
  private final Map<AuditAction, Counter> onSuccess = new EnumMap<>(AuditAction.class);
  private final Map<AuditAction, Counter> onFailure = new EnumMap<>(AuditAction.class);

  public ActivityCounters(MeterRegistry registry) {
    Counter accepted = counter(registry, "neurojepa.dicom.associations", "DICOM associations by outcome",
        "outcome", "accepted");
    Counter refused = counter(registry, "neurojepa.dicom.associations", "DICOM associations by outcome",
        "outcome", "refused");
    both(AuditAction.ASSOCIATION_ACCEPTED, accepted);
    both(AuditAction.ASSOCIATION_REFUSED, refused);

    String instances = "C-STORE requests: instances stored (new, duplicate or replaced) or refused";
    onSuccess.put(AuditAction.INSTANCE_STORED,
        counter(registry, "neurojepa.dicom.instances.received", instances, "outcome", "stored"));
    onFailure.put(AuditAction.INSTANCE_STORED,
        counter(registry, "neurojepa.dicom.instances.received", instances, "outcome", "refused"));

    String series = "series completed after their quiet period; reopened: a later generation";
    both(AuditAction.SERIES_COMPLETED, counter(registry, "neurojepa.series.completed", series, "reopened", "false"));
    both(AuditAction.SERIES_REOPENED, counter(registry, "neurojepa.series.completed", series, "reopened", "true"));

    String reports = "FHIR reports stored: a study's first, or one superseding the current report";
    both(AuditAction.REPORT_CREATED, counter(registry, "neurojepa.reports.stored", reports, "kind", "created"));
    both(AuditAction.REPORT_REPLACED, counter(registry, "neurojepa.reports.stored", reports, "kind", "replaced"));

    String deliveries = "deliveries of a report to the FHIR server (each failed job attempt counts)";
    both(AuditAction.DELIVERY_SUCCEEDED,
        counter(registry, "neurojepa.fhir.deliveries", deliveries, "outcome", "succeeded"));
    both(AuditAction.DELIVERY_FAILED, counter(registry, "neurojepa.fhir.deliveries", deliveries, "outcome", "failed"));

    String notifications = "rest-hook notifications to FHIR Subscription endpoints (each attempt counts)";
    both(AuditAction.NOTIFICATION_SENT,
        counter(registry, "neurojepa.fhir.notifications", notifications, "outcome", "sent"));
    both(AuditAction.NOTIFICATION_FAILED,
        counter(registry, "neurojepa.fhir.notifications", notifications, "outcome", "failed"));
  }

  @Override
  public void recorded(AuditEntry entry) {
    Counter c = ("success".equals(entry.outcome()) ? onSuccess : onFailure).get(entry.action());
    if (c != null) {
      c.increment();
    }
  }

  /** Actions whose outcome is in the action itself (accepted/refused, sent/failed). */
  private void both(AuditAction action, Counter counter) {
    onSuccess.put(action, counter);
    onFailure.put(action, counter);
  }

  private static Counter counter(MeterRegistry registry, String name, String description, String tag, String value) {
    return Counter.builder(name).description(description).tag(tag, value).register(registry);
  }
}
