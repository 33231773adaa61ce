package org.neurojepa.fhir.report;

/** One message of the validator: its severity (fatal, error, warning, information), where, and what. */
public record ValidationIssue(String severity, String location, String message) {
  public boolean isError() {
    return "fatal".equals(severity) || "error".equals(severity);
  }

  @Override
  public String toString() {
    return severity + " at " + location + ": " + message;
  }
}
