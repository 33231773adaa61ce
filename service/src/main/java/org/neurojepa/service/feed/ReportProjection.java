package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.neurojepa.fhir.report.FhirNames;

/**
 * A stored report's transaction Bundle as the feed's resources. Each resource gets its feed id
 * ({@link FeedIds}); every {@code urn:uuid:} placeholder reference becomes {@code Type/id}; a
 * logical reference (type and identifier, as a superseding report names the report it replaces)
 * also gets the literal {@code Type/id} when the feed holds that resource, and keeps its
 * identifier.
 */
public final class ReportProjection {
  private final FhirContext context;

  public ReportProjection(FhirContext context) {
    this.context = context;
  }

  /**
   * @param transaction the Bundle as {@code ReportComposer} made it
   * @param inFeed whether the feed already holds {@code Type/id}
   * @throws IllegalArgumentException for a Bundle the feed cannot serve: a resource without an
   *     identifier, or a placeholder reference to no entry
   */
  public List<FeedResource> project(Bundle transaction, Predicate<String> inFeed) {
    Map<String, String> byPlaceholder = new HashMap<>();
    Map<String, String> reportIdentifierByPlaceholder = new HashMap<>();
    List<Bundle.BundleEntryComponent> entries = transaction.getEntry();
    for (Bundle.BundleEntryComponent e : entries) {
      Resource r = e.getResource();
      if (r instanceof Provenance) {
        continue; // keyed by its report, whose placeholder is known once the loop is done
      }
      Property identifiers = r.getChildByName("identifier");
      Identifier key = (identifiers == null ? List.<Base>of() : identifiers.getValues()).stream()
          .map(Identifier.class::cast).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(r.fhirType() + " " + e.getFullUrl() + " has no identifier"));
      byPlaceholder.put(e.getFullUrl(), r.fhirType() + "/" + FeedIds.of(r.fhirType(), key.getSystem(), key.getValue()));
      if (r instanceof DiagnosticReport && FhirNames.REPORT_IDENTIFIER.equals(key.getSystem())) {
        reportIdentifierByPlaceholder.put(e.getFullUrl(), key.getValue());
      }
    }
    for (Bundle.BundleEntryComponent e : entries) {
      if (e.getResource() instanceof Provenance p) {
        String report = p.getTarget().stream().map(Reference::getReference)
            .filter(reportIdentifierByPlaceholder::containsKey).findFirst()
            .map(reportIdentifierByPlaceholder::get)
            .orElseThrow(() -> new IllegalArgumentException("Provenance " + e.getFullUrl() + " targets no report"));
        byPlaceholder.put(e.getFullUrl(), "Provenance/" + FeedIds.provenance(report));
      }
    }

    FhirTerser terser = context.newTerser();
    List<FeedResource> out = new ArrayList<>();
    for (Bundle.BundleEntryComponent e : entries) {
      Resource r = e.getResource().copy();
      String[] typeAndId = byPlaceholder.get(e.getFullUrl()).split("/", 2);
      r.setId(typeAndId[1]);
      for (Reference ref : terser.getAllPopulatedChildElementsOfType(r, Reference.class)) {
        rewrite(ref, byPlaceholder, inFeed);
      }
      out.add(new FeedResource(typeAndId[0], typeAndId[1], r));
    }
    return out;
  }

  private static void rewrite(Reference ref, Map<String, String> byPlaceholder, Predicate<String> inFeed) {
    if (ref.hasReference()) {
      String target = ref.getReference();
      if (target.startsWith("urn:uuid:")) {
        String local = byPlaceholder.get(target);
        if (local == null) {
          throw new IllegalArgumentException("reference " + target + " names no entry of the Bundle");
        }
        ref.setReference(local);
      }
      return;
    }
    if (ref.hasType() && ref.hasIdentifier()) {
      Identifier i = ref.getIdentifier();
      String local = ref.getType() + "/" + FeedIds.of(ref.getType(), i.getSystem(), i.getValue());
      if (byPlaceholder.containsValue(local) || inFeed.test(local)) {
        ref.setReference(local);
      }
    }
  }
}
