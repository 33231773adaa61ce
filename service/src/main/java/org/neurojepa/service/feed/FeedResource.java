package org.neurojepa.service.feed;

import org.hl7.fhir.r4.model.Resource;

/** One resource of a report as the feed serves it: its feed id set and its references rewritten. */
public record FeedResource(String resourceType, String id, Resource resource) {}
