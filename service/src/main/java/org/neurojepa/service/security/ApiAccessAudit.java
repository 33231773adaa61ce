package org.neurojepa.service.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every request to /api/** and /fhir/** in the audit trail: who, method, path, status and
 * when. It sits in the security filter chain right after the security context is set up, so it
 * also sees the requests that authentication or authorisation turn away (401, 403); their actor
 * is the attempted user name, or {@code anonymous}.
 */
final class ApiAccessAudit extends OncePerRequestFilter {
  static final String ANONYMOUS = "anonymous";

  private final AuditTrail audit;

  ApiAccessAudit(AuditTrail audit) {
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !audited(request);
  }

  /** Requests to /api and /fhir are audited. */
  static boolean audited(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/fhir/") || path.equals("/fhir");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean failed = true;
    try {
      chain.doFilter(request, response);
      failed = false;
    } finally {
      // an exception escaping the application becomes a 500 on the error dispatch that follows
      int status = failed ? 500 : response.getStatus();
      String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
      audit.record(AuditEntry.of(actor(request), AuditAction.API_ACCESS, outcome(status))
          .withDicomPeer(null, request.getRemoteAddr())
          .withDetail(request.getMethod() + " " + target + " -> " + status));
    }
  }

  private static String outcome(int status) {
    if (status == 401 || status == 403) {
      return "refused";
    }
    return status < 400 ? "success" : "failure";
  }

  static String actor(HttpServletRequest request) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
      return auth.getName();
    }
    return attemptedBasicUser(request);
  }

  /** The user name of a rejected HTTP Basic attempt, so that guessing at a name shows in the trail. */
  private static String attemptedBasicUser(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return ANONYMOUS;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      String name = colon < 0 ? decoded : decoded.substring(0, colon);
      return LocalUsers.NAME.matcher(name).matches() ? name : ANONYMOUS;
    } catch (IllegalArgumentException e) {
      return ANONYMOUS;
    }
  }
}
