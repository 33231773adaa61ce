package org.neurojepa.service.feed;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.neurojepa.fhir.report.FhirNames;

/**
 * The feed's logical ids. A resource's id is a name-based UUID of its type and business
 * identifier, so every report that holds the same Patient (or ImagingStudy, or Device) names the
 * same feed resource, and an id never depends on which report happened to be stored first. A
 * Provenance has no identifier in R4; it is keyed by the identifier of the report it records.
 */
public final class FeedIds {
  private FeedIds() {}

  public static String of(String resourceType, String identifierSystem, String identifierValue) {
    String name = resourceType + "\n" + identifierSystem + "\n" + identifierValue;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The DiagnosticReport of a stored report. */
  public static String report(String reportIdentifier) {
    return of("DiagnosticReport", FhirNames.REPORT_IDENTIFIER, reportIdentifier);
  }

  /** The Provenance of a stored report. */
  public static String provenance(String reportIdentifier) {
    return of("Provenance", FhirNames.REPORT_IDENTIFIER, reportIdentifier);
  }
}
