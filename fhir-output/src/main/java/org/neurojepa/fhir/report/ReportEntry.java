package org.neurojepa.fhir.report;

import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;

/**
 * One resource of a report with the placeholder URL other resources use to reference it
 * ({@code urn:uuid:…}) and the search that finds it on the server when it already exists.
 */
public record ReportEntry(String fullUrl, Resource resource, String ifNoneExist) {
  public ReportEntry {
    Objects.requireNonNull(fullUrl, "fullUrl");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(ifNoneExist, "ifNoneExist");
    if (!fullUrl.startsWith("urn:uuid:")) {
      throw new IllegalArgumentException("fullUrl must be a urn:uuid placeholder: " + fullUrl);
    }
  }
}
