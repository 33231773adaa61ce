package org.neurojepa.service.report;

import java.util.List;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.fhir.report.ValidationIssue;

/**
 * A report ready to store and deliver: its business identifier, its resources, the transaction
 * Bundle as JSON, and the validator's non-error messages.
 */
public record ComposedReport(
    String identifier, String modelVersion, ReportResources resources, String bundleJson,
    List<ValidationIssue> warnings) {

  public ComposedReport {
    warnings = List.copyOf(warnings);
  }
}
