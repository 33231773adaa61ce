package org.neurojepa.service.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.fhir.report.ValidationIssue;

/**
 * Every kind of audit entry becomes an AuditEvent that HAPI's validator accepts against base R4
 * (with the service's audit-action CodeSystem known), in a collection Bundle that validates too;
 * the mapping keeps the action, outcome, actor, peer and study.
 */
class AuditEventsTest {
  private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";
  private static final String SERIES = "1.2.826.0.1.3680043.8.498.1.2";

  @Test
  void everyActionMapsToAValidAuditEventInAValidCollection() {
    List<AuditTrail.StoredEntry> entries = new ArrayList<>();
    String prev = AuditTrail.GENESIS;
    long id = 1;
    for (AuditAction action : AuditAction.values()) {
      for (String outcome : List.of("success", "refused", "failure")) {
        AuditEntry e = AuditEntry.of(actor(action), action, outcome).withStudy(STUDY, SERIES)
            .withDetail(action == AuditAction.API_ACCESS ? "DELETE /api/x -> 204" : "detail of " + action);
        if (action.name().startsWith("ASSOCIATION") || action == AuditAction.INSTANCE_STORED) {
          e = e.withDicomPeer("TESTSCU", "/127.0.0.1:40000");
        }
        String hash = AuditTrail.hash(prev, e);
        entries.add(new AuditTrail.StoredEntry(id++, e, prev, hash));
        prev = hash;
      }
    }
    AuditEvents events = new AuditEvents("NEUROJEPA");
    Bundle bundle = events.collection(entries, Instant.parse("2026-01-02T03:04:05Z"));

    ReportValidator validator = new ReportValidator(FhirContext.forR4Cached(), List.of(AuditEvents.actionCodeSystem()));
    // the events' JSON, read back, is what an auditor's system sees
    String json = validator.context().newJsonParser().encodeResourceToString(bundle);
    Bundle read = validator.context().newJsonParser().parseResource(Bundle.class, json);
    List<ValidationIssue> errors = validator.errors(read);
    assertEquals(List.of(), errors, "the collection validates against R4");
    assertEquals(Bundle.BundleType.COLLECTION, read.getType());
    assertEquals(entries.size(), read.getEntry().size());

    AuditEvent refusedAssociation = (AuditEvent) read.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> ((AuditEvent) r).getSubtypeFirstRep().getCode().equals("ASSOCIATION_REFUSED")
            && ((AuditEvent) r).getOutcome() == AuditEvent.AuditEventOutcome._4)
        .findFirst().orElseThrow();
    assertEquals("110114", refusedAssociation.getType().getCode());
    assertEquals("TESTSCU", refusedAssociation.getAgentFirstRep().getAltId());
    assertEquals("dicom:TESTSCU", refusedAssociation.getAgentFirstRep().getWho().getIdentifier().getValue());
    assertEquals("urn:oid:" + STUDY, refusedAssociation.getEntityFirstRep().getWhat().getIdentifier().getValue());
    assertEquals("NEUROJEPA", refusedAssociation.getSource().getSite());

    AuditEvent delete = (AuditEvent) read.getEntry().get(AuditAction.API_ACCESS.ordinal() * 3).getResource();
    assertEquals(AuditEvent.AuditEventAction.D, delete.getAction(), "the HTTP method decides the action");
    assertEquals("rest", delete.getType().getCode());
    assertEquals(AuditEvent.AuditEventOutcome._0, delete.getOutcome());

    AuditEvent system = (AuditEvent) read.getEntry().get(AuditAction.MODEL_RUN.ordinal() * 3 + 2).getResource();
    assertFalse(system.getAgentFirstRep().getRequestor(), "the service acting on its own is no requestor");
    assertEquals(AuditEvent.AuditEventOutcome._8, system.getOutcome());
    assertTrue(system.getOutcomeDesc().contains("MODEL_RUN"));

    assertEquals(entries.size(), read.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl).distinct().count(),
        "one fullUrl per entry");
  }

  private static String actor(AuditAction action) {
    return switch (action) {
      case ASSOCIATION_ACCEPTED, ASSOCIATION_REFUSED, INSTANCE_STORED -> "dicom:TESTSCU";
      case API_ACCESS, JOB_REQUEUED, SUBSCRIPTION_CREATED -> "admin";
      default -> "system";
    };
  }
}
