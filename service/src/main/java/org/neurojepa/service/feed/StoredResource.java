package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/** One version of a feed resource as stored: its JSON without meta, and the meta in columns. */
public record StoredResource(
    String resourceType, String id, int versionId, Instant lastUpdated, long reportId, String content) {

  /** The resource as the feed serves it, with {@code Type/id/_history/version} and meta set. */
  public Resource toResource(FhirContext context) {
    Resource r = (Resource) context.newJsonParser().parseResource(content);
    r.setIdElement(new IdType(resourceType, id, Integer.toString(versionId)));
    r.getMeta().setVersionId(Integer.toString(versionId)).setLastUpdated(Date.from(lastUpdated));
    return r;
  }
}
