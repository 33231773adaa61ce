package org.neurojepa.service.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's firewall turns away malformed requests (an encoded "/" or ".", "..", a
 * semicolon …) before the security filters run, so {@link ApiAccessAudit} never sees them; such
 * requests to /api and /fhir are often probes, so they are audited here as {@code API_ACCESS},
 * outcome {@code refused}, and answered 400 as before.
 */
final class RejectedRequestAudit implements RequestRejectedHandler {
  private final AuditTrail audit;
  private final RequestRejectedHandler answer = new HttpStatusRequestRejectedHandler();

  RejectedRequestAudit(AuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejection)
      throws IOException, ServletException {
    if (ApiAccessAudit.audited(request)) {
      String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
      audit.record(AuditEntry.of(ApiAccessAudit.actor(request), AuditAction.API_ACCESS, "refused")
          .withDicomPeer(null, request.getRemoteAddr())
          .withDetail(request.getMethod() + " " + target + " -> 400 (rejected: " + rejection.getMessage() + ")"));
    }
    answer.handle(request, response, rejection);
  }
}
