package org.neurojepa.service.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail: filtered reads, and a check of its hash chain. */
@RestController
@RequestMapping("/api/audit")
public final class AuditController {
  private final AuditTrail audit;

  public AuditController(AuditTrail audit) {
    this.audit = audit;
  }

  @GetMapping
  public List<AuditTrail.StoredEntry> find(
      @RequestParam Optional<Instant> from, @RequestParam Optional<Instant> to,
      @RequestParam Optional<String> actor, @RequestParam Optional<String> callingAe,
      @RequestParam Optional<String> study, @RequestParam Optional<AuditAction> action,
      @RequestParam(defaultValue = "1000") int limit) {
    audit.flush();
    return audit.find(new AuditQuery(from, to, actor, callingAe, study, action, limit));
  }

  @GetMapping("/verify")
  public AuditTrail.Verification verify() {
    audit.flush();
    return audit.verify();
  }
}
