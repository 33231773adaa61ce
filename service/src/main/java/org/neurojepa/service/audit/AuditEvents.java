package org.neurojepa.service.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The audit trail as FHIR R4 AuditEvents, in a Bundle of type collection. Each event's type is a
 * DICOM (DCM) or HL7 code where one fits: DICOM Instances Transferred for a C-STORE, User
 * Authentication for an association, RESTful Operation for an API call, Export for a delivery, a
 * notification or a download, Application Activity for the pipeline's own steps. Its subtype
 * always carries the service's own action (a complete project CodeSystem, {@link #ACTION_SYSTEM}),
 * so nothing is lost in the mapping. The study and series are entities identified by their UIDs,
 * as the reports' ImagingStudy is; entries never carry patient names or IDs, so neither do the
 * events.
 */
public final class AuditEvents {
  /** The service's audit actions, one code per {@link AuditAction}. */
  public static final String ACTION_SYSTEM = "https://neurojepa.org/fhir/CodeSystem/audit-action";
  /** Who acted: a user name, {@code oidc:<name>}, {@code dicom:<calling AE>}, {@code anonymous} or {@code system}. */
  public static final String ACTOR_SYSTEM = "https://neurojepa.org/fhir/sid/actor";
  /** The DICOM node, by its AE title. */
  public static final String NODE_SYSTEM = "https://neurojepa.org/fhir/sid/ae-title";

  private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  private static final String DICOM_UID = "urn:dicom:uid";

  private final String aeTitle;

  /** @param aeTitle our DICOM node's AE title: the events' source site */
  public AuditEvents(String aeTitle) {
    this.aeTitle = aeTitle;
  }

  /**
   * The entries as a collection Bundle, in their order. R4 allows paging links in search sets and
   * histories only, so the caller says where the next page is (an HTTP Link header).
   */
  public Bundle collection(List<AuditTrail.StoredEntry> entries, Instant now) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(Date.from(now));
    for (AuditTrail.StoredEntry e : entries) {
      // the entry's own hash names it: the same entry has the same fullUrl in every export
      UUID id = UUID.nameUUIDFromBytes(e.hash().getBytes(StandardCharsets.US_ASCII));
      bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(event(e));
    }
    return bundle;
  }

  /** One entry as an AuditEvent. */
  public AuditEvent event(AuditTrail.StoredEntry stored) {
    AuditEntry e = stored.entry();
    AuditEvent event = new AuditEvent();
    event.setType(type(e.action()));
    event.addSubtype(new Coding(ACTION_SYSTEM, e.action().name(), display(e.action())));
    event.setAction(action(e));
    event.setRecorded(Date.from(e.at()));
    event.setOutcome(outcome(e.outcome()));
    if (!e.detail().isEmpty()) {
      event.setOutcomeDesc(e.detail());
    }

    AuditEvent.AuditEventAgentComponent agent = event.addAgent();
    agent.setRequestor(!"system".equals(e.actor()));
    agent.setWho(new Reference().setIdentifier(new Identifier().setSystem(ACTOR_SYSTEM).setValue(e.actor()))
        .setDisplay(e.actor()));
    if (e.callingAe() != null) {
      // DICOM audit messages carry a peer's AE title as its alternative user id
      agent.setAltId(e.callingAe());
      agent.setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
    }
    if (e.remoteAddress() != null) {
      agent.getNetwork().setAddress(e.remoteAddress());
    }

    event.getSource().setSite(aeTitle)
        .setObserver(new Reference().setIdentifier(new Identifier().setSystem(NODE_SYSTEM).setValue(aeTitle))
            .setDisplay("NeuroJEPA-PACS " + aeTitle))
        .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

    if (e.studyUid() != null) {
      event.addEntity(entity(e.studyUid(), "study"));
    }
    if (e.seriesUid() != null && e.seriesUid().matches("[0-9.]+")) {
      // a requeued deliver or notify job names its study or Subscription here: only DICOM UIDs are series
      event.addEntity(entity(e.seriesUid(), "series"));
    }
    return event;
  }

  private static AuditEvent.AuditEventEntityComponent entity(String uid, String description) {
    AuditEvent.AuditEventEntityComponent entity = new AuditEvent.AuditEventEntityComponent();
    entity.setWhat(new Reference().setIdentifier(new Identifier().setSystem(DICOM_UID).setValue("urn:oid:" + uid)));
    entity.setType(new Coding(ENTITY_TYPE, "2", "System Object"));
    entity.setRole(new Coding(OBJECT_ROLE, "3", "Report"));
    entity.setDescription(description);
    return entity;
  }

  private static Coding type(AuditAction action) {
    return switch (action) {
      case ASSOCIATION_ACCEPTED, ASSOCIATION_REFUSED -> new Coding(DCM, "110114", "User Authentication");
      case INSTANCE_STORED, SERIES_PULLED -> new Coding(DCM, "110104", "DICOM Instances Transferred");
      case API_ACCESS, JOB_REQUEUED, SUBSCRIPTION_CREATED, SUBSCRIPTION_UPDATED, SUBSCRIPTION_DELETED, MODEL_PROMOTED,
          MODEL_ROLLED_BACK, MODEL_VALIDATED -> new Coding(EVENT_TYPE, "rest", "RESTful Operation");
      case DELIVERY_SUCCEEDED, DELIVERY_FAILED, NOTIFICATION_SENT, NOTIFICATION_FAILED, ARTEFACT_DOWNLOADED ->
          new Coding(DCM, "110106", "Export");
      case SERIES_COMPLETED, SERIES_REOPENED, SERIES_CLASSIFIED, SERIES_PREPROCESSED, MODEL_RUN, REPORT_CREATED,
          REPORT_REPLACED, SUBSCRIPTION_ERROR, MODEL_INSTALLED, UNRECOGNISED ->
          new Coding(DCM, "110100", "Application Activity");
    };
  }

  private static AuditEvent.AuditEventAction action(AuditEntry e) {
    return switch (e.action()) {
      case API_ACCESS -> httpAction(e.detail());
      case INSTANCE_STORED, SERIES_PULLED, REPORT_CREATED, REPORT_REPLACED, SUBSCRIPTION_CREATED ->
          AuditEvent.AuditEventAction.C;
      case SUBSCRIPTION_UPDATED, SUBSCRIPTION_ERROR, JOB_REQUEUED, MODEL_PROMOTED, MODEL_ROLLED_BACK, MODEL_VALIDATED,
          MODEL_INSTALLED -> AuditEvent.AuditEventAction.U;
      case SUBSCRIPTION_DELETED -> AuditEvent.AuditEventAction.D;
      // DICOM audits an export as a read of what was sent
      case DELIVERY_SUCCEEDED, DELIVERY_FAILED, NOTIFICATION_SENT, NOTIFICATION_FAILED, ARTEFACT_DOWNLOADED ->
          AuditEvent.AuditEventAction.R;
      case ASSOCIATION_ACCEPTED, ASSOCIATION_REFUSED, SERIES_COMPLETED, SERIES_REOPENED, SERIES_CLASSIFIED,
          SERIES_PREPROCESSED, MODEL_RUN, UNRECOGNISED -> AuditEvent.AuditEventAction.E;
    };
  }

  /** API_ACCESS details start with the HTTP method ({@code GET /api/jobs -> 200}). */
  private static AuditEvent.AuditEventAction httpAction(String detail) {
    int space = detail.indexOf(' ');
    String method = space < 0 ? detail : detail.substring(0, space);
    return switch (method) {
      case "GET", "HEAD" -> AuditEvent.AuditEventAction.R;
      case "POST" -> AuditEvent.AuditEventAction.C;
      case "PUT", "PATCH" -> AuditEvent.AuditEventAction.U;
      case "DELETE" -> AuditEvent.AuditEventAction.D;
      default -> AuditEvent.AuditEventAction.E;
    };
  }

  /** success, refused (a request turned away: nothing happened) and failure. */
  private static AuditEvent.AuditEventOutcome outcome(String outcome) {
    return switch (outcome) {
      case "success" -> AuditEvent.AuditEventOutcome._0;
      case "refused" -> AuditEvent.AuditEventOutcome._4;
      default -> AuditEvent.AuditEventOutcome._8;
    };
  }

  static String display(AuditAction action) {
    String words = action.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** The CodeSystem of {@link #ACTION_SYSTEM}, complete, for the validator. */
  public static CodeSystem actionCodeSystem() {
    CodeSystem cs = new CodeSystem();
    cs.setId("NeuroJepaAuditAction");
    cs.setUrl(ACTION_SYSTEM);
    cs.setVersion("1");
    cs.setName("NeuroJepaAuditAction");
    cs.setTitle("NeuroJEPA-PACS audit actions");
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
    cs.setCaseSensitive(true);
    for (AuditAction a : AuditAction.values()) {
      cs.addConcept().setCode(a.name()).setDisplay(display(a));
    }
    return cs;
  }
}
