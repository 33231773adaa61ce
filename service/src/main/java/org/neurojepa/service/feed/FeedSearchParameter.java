package org.neurojepa.service.feed;

import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Resource;

/**
 * A search parameter the feed supports: its resource type, name and kind, what it means (for the
 * CapabilityStatement), and how its values are read from a resource into the search index.
 */
public record FeedSearchParameter(
    String resourceType, String name, Kind kind, String description, Function<Resource, List<IndexEntry>> values) {

  /** The FHIR search parameter types the feed implements. */
  public enum Kind {
    TOKEN,
    REFERENCE,
    DATE
  }
}
