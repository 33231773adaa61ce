package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.model.ModelInstallation;
import org.neurojepa.service.model.ServedModel;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import org.neurojepa.training.registry.PromotionRefusedException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Model versions: the registry's versions and the one that serves; promotion (only over the
 * configured bar), rollback and clinical validation, each audited under the user who asked.
 */
@RestController
@RequestMapping("/api/models")
public final class ModelsController {
  private final ModelInstallation installation;
  private final AuditTrail audit;

  public ModelsController(ModelInstallation installation, AuditTrail audit) {
    this.installation = installation;
    this.audit = audit;
  }

  /** A version as the API shows it. */
  public record VersionView(ModelVersionRecord version, boolean active, boolean serving) {}

  /** What serves now, and how the registry stands. */
  public record Serving(String version, String name, boolean findingsHeads, List<String> labels, boolean validated,
      String registryVersion, boolean pinnedByConfiguration, String activeInRegistry, List<String> previous,
      Map<String, Double> promotionBar) {}

  @Operation(summary = "The registry's model versions",
      description = "Each version's provenance, evaluation figures and validation; which one is active, which serves.")
  @GetMapping
  public List<VersionView> versions() throws IOException {
    ModelRegistry r = installation.registry();
    Optional<String> active = r.active().map(ModelRegistry.Active::version);
    Optional<String> serving = installation.peek().flatMap(ServedModel::registryVersion);
    List<VersionView> out = new ArrayList<>();
    for (ModelVersionRecord v : r.versions()) {
      out.add(new VersionView(v, active.equals(Optional.of(v.id())), serving.equals(Optional.of(v.id()))));
    }
    return out;
  }

  @Operation(summary = "One model version", description = "Its version.json; 404 when there is none.")
  @GetMapping("/{id}")
  public ResponseEntity<ModelVersionRecord> version(@PathVariable String id) throws IOException {
    return ResponseEntity.of(installation.registry().find(id));
  }

  /** The served model (loading it if no job has yet) and the registry's active version. */
  @Operation(summary = "The served model",
      description = "Version, findings labels, validated; the registry's active version, the earlier ones, the bar.")
  @GetMapping("/serving")
  public Serving serving() throws IOException {
    Optional<ModelRegistry.Active> active = installation.registry().active();
    Map<String, Double> bar = new LinkedHashMap<>();
    bar.put("min_mean_auroc", installation.bar().minMeanAuroc());
    bar.put("min_label_auroc", installation.bar().minLabelAuroc());
    try (ServedModel.Lease lease = installation.lease()) {
      ServedModel m = lease.model();
      return new Serving(m.version().id(), m.name(), m.heads().isPresent(),
          m.heads().map(h -> h.manifest().labels()).orElse(List.of()), m.validated(),
          m.registryVersion().orElse(null), installation.pinnedByConfiguration(),
          active.map(ModelRegistry.Active::version).orElse(null),
          active.map(ModelRegistry.Active::previous).orElse(List.of()), bar);
    }
  }

  /** Makes a version active and serving; 409 with every reason when its evaluation is below the bar. */
  @Operation(summary = "Promote a version",
      description = "Makes it active and serving when its test evaluation meets the bar; 409 with every reason.")
  @PostMapping("/{id}/promote")
  public ResponseEntity<Object> promote(@PathVariable String id, Principal user) throws IOException {
    if (installation.registry().find(id).isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    try {
      ModelRegistry.Active a = installation.promote(id, user.getName());
      return ResponseEntity.ok(a);
    } catch (PromotionRefusedException e) {
      audit.record(AuditEntry.of(user.getName(), AuditAction.MODEL_PROMOTED, "refused").withDetail(e.getMessage()));
      return ResponseEntity.status(409).body(Map.of("version", id, "refused", e.shortfalls()));
    }
  }

  /** Makes the previously active version active and serving again; 409 when there is none. */
  @Operation(summary = "Roll back", description = "The previously active version serves again; 409 when none.")
  @PostMapping("/rollback")
  public ResponseEntity<Object> rollback(Principal user) throws IOException {
    try {
      return ResponseEntity.ok(installation.rollback(user.getName()));
    } catch (IllegalStateException e) {
      audit.record(AuditEntry.of(user.getName(), AuditAction.MODEL_ROLLED_BACK, "refused").withDetail(e.getMessage()));
      return ResponseEntity.status(409).body(Map.of("refused", e.getMessage()));
    }
  }

  /** Body {@code {"validated": true|false}}: whether the version's reports are final. */
  @Operation(summary = "Mark a version validated or not",
      description = "Body {\"validated\": true|false}: whether the version's reports are final.")
  @PutMapping("/{id}/validated")
  public ResponseEntity<Object> validated(@PathVariable String id, @RequestBody Map<String, Boolean> body,
      Principal user) throws IOException {
    Boolean validated = body.get("validated");
    if (validated == null) {
      return ResponseEntity.badRequest().body(Map.of("error", "the body must be {\"validated\": true|false}"));
    }
    if (installation.registry().find(id).isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok(installation.markValidated(id, validated, user.getName()));
  }
}
