package org.neurojepa.service.api;

import ca.uhn.fhir.context.FhirContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEvents;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.NodeProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The audit trail: filtered pages, the same as FHIR AuditEvents, and a check of its hash chain.
 * A full page says where the next one starts in an HTTP {@code Link: <…>; rel="next"} header.
 */
@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit trail")
public final class AuditController {
  static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

  private final AuditTrail audit;
  private final AuditEvents events;
  private final FhirContext fhir;

  public AuditController(AuditTrail audit, NodeProperties node, FhirContext fhir) {
    this.audit = audit;
    this.events = new AuditEvents(node.aeTitle());
    this.fhir = fhir;
  }

  @GetMapping
  @Operation(summary = "Audit entries, oldest first",
      description = "Every given filter must match. A full page carries a Link header to the next one.")
  public ResponseEntity<List<AuditTrail.StoredEntry>> find(
      @Parameter(description = "entries at or after this instant (ISO-8601, e.g. 2026-01-31T00:00:00Z)")
          @RequestParam Optional<Instant> from,
      @Parameter(description = "entries before this instant") @RequestParam Optional<Instant> to,
      @Parameter(description = "who acted: a user, oidc:<name>, dicom:<calling AE>, anonymous or system")
          @RequestParam Optional<String> actor,
      @Parameter(description = "the calling AE title of a DICOM peer") @RequestParam Optional<String> callingAe,
      @Parameter(description = "a Study Instance UID") @RequestParam Optional<String> study,
      @Parameter(description = "one action, e.g. INSTANCE_STORED") @RequestParam Optional<AuditAction> action,
      @Parameter(description = "entries after this id (the last id of the previous page)")
          @RequestParam Optional<Long> after,
      @Parameter(description = "page size, 1 to 10000") @RequestParam(defaultValue = "1000") int limit) {
    AuditQuery query = query(from, to, actor, callingAe, study, action, after, limit);
    audit.flush();
    List<AuditTrail.StoredEntry> page = audit.find(query);
    return withNext(ResponseEntity.ok(), page, query).body(page);
  }

  @GetMapping("/export")
  @Operation(summary = "Audit entries as a FHIR R4 Bundle (type collection) of AuditEvents",
      description = "The same filters and paging as GET /api/audit. Each event's type is a DICOM or HL7 code, its"
          + " subtype the service's action (" + AuditEvents.ACTION_SYSTEM + "); the study and series are entities"
          + " identified by urn:oid UIDs.",
      responses = @ApiResponse(responseCode = "200", description = "the Bundle",
          content = @Content(mediaType = "application/fhir+json")))
  public ResponseEntity<String> export(
      @RequestParam Optional<Instant> from, @RequestParam Optional<Instant> to, @RequestParam Optional<String> actor,
      @RequestParam Optional<String> callingAe, @RequestParam Optional<String> study,
      @RequestParam Optional<AuditAction> action, @RequestParam Optional<Long> after,
      @RequestParam(defaultValue = "1000") int limit) {
    AuditQuery query = query(from, to, actor, callingAe, study, action, after, limit);
    audit.flush();
    List<AuditTrail.StoredEntry> page = audit.find(query);
    String json = fhir.newJsonParser().encodeResourceToString(events.collection(page, Instant.now()));
    return withNext(ResponseEntity.ok(), page, query).contentType(FHIR_JSON).body(json);
  }

  @GetMapping("/verify")
  @Operation(summary = "Recompute the hash chain",
      description = "Names the first entry that was changed or does not follow its predecessor (one before it was"
          + " removed), and the head: the last entry checked. Entries removed from the end leave no gap; compare"
          + " the head with one noted earlier to see that.")
  public AuditTrail.Verification verify() {
    audit.flush();
    return audit.verify();
  }

  private static AuditQuery query(Optional<Instant> from, Optional<Instant> to, Optional<String> actor,
      Optional<String> callingAe, Optional<String> study, Optional<AuditAction> action, Optional<Long> after,
      int limit) {
    try {
      return new AuditQuery(from, to, actor, callingAe, study, action, after, limit);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(e.getMessage());
    }
  }

  /** A full page may have a successor: it starts after the page's last entry. */
  private static ResponseEntity.BodyBuilder withNext(ResponseEntity.BodyBuilder response,
      List<AuditTrail.StoredEntry> page, AuditQuery query) {
    if (page.size() == query.limit()) {
      String next = ServletUriComponentsBuilder.fromCurrentRequest()
          .replaceQueryParam("after", page.get(page.size() - 1).id()).build().toUriString();
      response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return response;
  }
}
