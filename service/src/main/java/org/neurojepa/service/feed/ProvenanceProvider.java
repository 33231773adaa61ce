package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.Provenance;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/** How each report came about: its inputs, the model, and the report a revision replaces. */
@Component
public final class ProvenanceProvider extends FeedResourceProvider<Provenance> {

  public ProvenanceProvider(FeedStore store, FeedProperties properties) {
    super(Provenance.class, store, properties);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam id,
      @OptionalParam(name = "target", chainWhitelist = {NOT_CHAINED, IDENTIFIER}) ReferenceAndListParam target,
      @OptionalParam(name = "entity", chainWhitelist = {NOT_CHAINED, IDENTIFIER}) ReferenceAndListParam entity,
      @OptionalParam(name = "agent", chainWhitelist = {NOT_CHAINED, IDENTIFIER}) ReferenceAndListParam agent,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    return search(FeedQuery.of("Provenance")
        .add("_id", id)
        .add("target", target)
        .add("entity", entity)
        .add("agent", agent), offset, count, sort);
  }
}
