package org.neurojepa.fhir.delivery.internal;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Readable text of a server's error answer: its OperationOutcome issues, else the message. */
public final class OutcomeText {
  private OutcomeText() {}

  public static String of(BaseServerResponseException e) {
    List<String> issues = new ArrayList<>();
    IBaseOperationOutcome outcome = e.getOperationOutcome();
    if (outcome instanceof OperationOutcome oo) {
      for (OperationOutcome.OperationOutcomeIssueComponent issue : oo.getIssue()) {
        StringBuilder b = new StringBuilder();
        if (issue.getSeverity() != null) {
          b.append(issue.getSeverity().toCode()).append(": ");
        }
        if (issue.hasDiagnostics()) {
          b.append(issue.getDiagnostics());
        } else if (issue.hasDetails()) {
          b.append(issue.getDetails().getText());
        } else if (issue.getCode() != null) {
          b.append(issue.getCode().toCode());
        }
        if (issue.hasExpression()) {
          b.append(" (at ").append(issue.getExpression().get(0).getValue()).append(')');
        }
        issues.add(b.toString());
      }
    }
    String text = issues.isEmpty() ? String.valueOf(e.getMessage()) : "OperationOutcome: " + String.join("; ", issues);
    return "HTTP " + e.getStatusCode() + ": " + text;
  }
}
