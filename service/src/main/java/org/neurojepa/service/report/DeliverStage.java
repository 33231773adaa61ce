package org.neurojepa.service.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.neurojepa.fhir.delivery.DeadLetter;
import org.neurojepa.fhir.delivery.Delivered;
import org.neurojepa.fhir.delivery.DeliveryOutcome;
import org.neurojepa.fhir.delivery.FhirDelivery;
import org.neurojepa.fhir.report.ReportEntry;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.FhirProperties;
import org.neurojepa.service.pipeline.StageFailure;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.Stage;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Sends a stored report's transaction to the FHIR server ({@code neurojepa.fhir.base-url}); only
 * present when that is set. The transaction's conditional creates make a repeated delivery
 * harmless. A transient failure fails the attempt (the job's retries and back-off apply); a
 * refusal for good dead-letters the job at once. Jobs carry the report's id as their generation.
 * Every run is recorded in {@link Deliveries}.
 */
@Component
@ConditionalOnExpression("!'${neurojepa.fhir.base-url:}'.isBlank()")
public final class DeliverStage implements Stage, DisposableBean {
  public static final String NAME = "deliver";

  private final Reports reports;
  private final Deliveries deliveries;
  private final AuditTrail audit;
  private final FhirDelivery delivery;
  private final String target;

  public DeliverStage(Reports reports, Deliveries deliveries, AuditTrail audit, FhirProperties fhir) {
    this.reports = reports;
    this.deliveries = deliveries;
    this.audit = audit;
    // what the audit trail, the job's last error and the log name: never credentials in the URL
    this.target = Deliveries.withoutUserInfo(fhir.baseUrl());
    FhirDelivery.Builder b = FhirDelivery.builder(fhir.baseUrl()).maxAttempts(fhir.deliveryAttempts());
    if (!fhir.bearerToken().isBlank()) {
      b.bearerToken(fhir.bearerToken());
    } else if (!fhir.basicUser().isBlank()) {
      b.basicAuth(fhir.basicUser(), fhir.basicPassword());
    }
    this.delivery = b.build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Job job) throws Exception {
    Optional<Reports.StoredReport> found = reports.find(job.generation());
    if (found.isEmpty() || found.get().supersededBy() != null || found.get().deliveredAt() != null) {
      return; // a later report replaced it (and has its own job), or it went out already
    }
    Reports.StoredReport report = found.get();
    DeliveryOutcome outcome = delivery.deliver(resources(report));
    if (outcome instanceof Delivered d) {
      String detail = "report " + report.reportIdentifier() + " delivered to " + target + " in "
          + d.attempts() + " attempt(s)" + (d.wasRepeat() ? " (already there)" : "")
          // a server whose transaction-response lacks the report's entry still has the report
          + d.entries().stream().filter(e -> e.resourceType().equals("DiagnosticReport") && e.location() != null)
              .map(e -> ": " + e.location()).findFirst().orElse("");
      reports.delivered(report.id(), detail);
      deliveries.record(job, report, target, outcome, detail);
      audit.record(AuditEntry.of("system", AuditAction.DELIVERY_SUCCEEDED, "success")
          .withStudy(report.studyUid(), null).withDetail(detail));
      return;
    }
    DeadLetter dead = (DeadLetter) outcome;
    String reason = dead.reason().replace(delivery.baseUrl(), target);
    String detail = "report " + report.reportIdentifier() + " to " + target + ": " + dead.cause() + ": " + reason;
    deliveries.record(job, report, target, outcome, reason);
    audit.record(AuditEntry.of("system", AuditAction.DELIVERY_FAILED, "failure")
        .withStudy(report.studyUid(), null).withDetail(detail));
    // the server's text may quote the patient: it stays in the job, the deliveries and the audit
    String logged = "report " + report.reportIdentifier() + " to " + target + ": " + dead.cause()
        + " (the server's answer is in /api/deliveries?report=" + report.id() + ")";
    throw dead.retryable() ? StageFailure.retryable(detail, logged) : StageFailure.giveUp(detail, logged);
  }

  /** The stored transaction back as resources; the placeholders and conditions travel in the Bundle. */
  private static ReportResources resources(Reports.StoredReport report) {
    Bundle bundle = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
        .parseResource(Bundle.class, report.bundleJson());
    List<ReportEntry> entries = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      entries.add(new ReportEntry(e.getFullUrl(), (Resource) e.getResource(), e.getRequest().getIfNoneExist()));
    }
    return new ReportResources(report.reportIdentifier(), entries);
  }

  @Override
  public void destroy() {
    delivery.close();
  }
}
