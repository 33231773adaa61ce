package org.neurojepa.service.model;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.ModelProperties;
import org.neurojepa.service.config.NodeProperties;
import org.neurojepa.service.pipeline.AnalysisComponents;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import org.neurojepa.training.registry.PromotionBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides which model serves and switches it. In order: the encoder named by
 * {@code neurojepa.model.checkpoint-dir} (no findings heads); else the registry's active version
 * (encoder and heads); else an untrained encoder from {@code seed}. The model is loaded on first
 * use (a node that only receives starts fast). Promotion, rollback and validation go through here,
 * and the registry is polled, so a promotion from the command line reaches a running service too;
 * the model being replaced finishes the jobs that hold it.
 */
@Component
public final class ModelInstallation {
  private static final Logger LOG = LoggerFactory.getLogger(ModelInstallation.class);

  private final ModelProperties properties;
  private final Path registryDir;
  private final AuditTrail audit;
  private final ScheduledExecutorService poller;
  private ServedModel current;
  private String installedActive = "";

  public ModelInstallation(ModelProperties properties, NodeProperties node, AuditTrail audit) {
    this.properties = properties;
    this.registryDir = properties.registryDir().isBlank()
        ? node.dataDir().resolve("models") : Path.of(properties.registryDir());
    this.audit = audit;
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "model-registry-poll");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, properties.registryPoll().toMillis());
    poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
  }

  /** A hold on the served model for one job (loading it on first use). */
  public ServedModel.Lease lease() throws IOException {
    while (true) {
      ServedModel m;
      synchronized (this) {
        if (current == null) {
          install(build(), "system");
        }
        m = current;
      }
      Optional<ServedModel.Lease> lease = m.tryLease();
      if (lease.isPresent()) {
        return lease.get();
      }
    }
  }

  /** The registry this service reads its model versions from. */
  public ModelRegistry registry() throws IOException {
    return ModelRegistry.open(registryDir);
  }

  /** The bar a version's test evaluation must meet to be promoted here. */
  public PromotionBar bar() {
    return new PromotionBar(properties.promotionMinMeanAuroc(), properties.promotionMinLabelAuroc());
  }

  /** Whether the configuration pins an encoder, so that registry versions do not serve. */
  public boolean pinnedByConfiguration() {
    return !properties.checkpointDir().isBlank();
  }

  /** Promotes {@code id} (over the bar) and serves it. */
  public synchronized ModelRegistry.Active promote(String id, String by) throws IOException {
    ModelRegistry.Active a = registry().promote(id, bar(), by);
    audit.record(AuditEntry.of(by, AuditAction.MODEL_PROMOTED, "success")
        .withDetail(id + " active in " + registryDir + " (before it: " + a.previous() + ")"));
    reinstall(by);
    return a;
  }

  /** Restores the previous active version and serves it. */
  public synchronized ModelRegistry.Active rollback(String by) throws IOException {
    ModelRegistry.Active a = registry().rollback(by);
    audit.record(AuditEntry.of(by, AuditAction.MODEL_ROLLED_BACK, "success")
        .withDetail(a.version() + " active again in " + registryDir));
    reinstall(by);
    return a;
  }

  /** Marks {@code id} validated or not; the served model follows when it is that version. */
  public synchronized ModelVersionRecord markValidated(String id, boolean validated, String by) throws IOException {
    ModelVersionRecord v = registry().markValidated(id, validated);
    audit.record(AuditEntry.of(by, AuditAction.MODEL_VALIDATED, "success")
        .withDetail(id + (validated ? " marked validated" : " no longer validated")));
    if (current != null && current.registryVersion().equals(Optional.of(id))) {
      reinstall(by);
    }
    return v;
  }

  /** The served model's description without holding it (null before first use). */
  public synchronized Optional<ServedModel> peek() {
    return Optional.ofNullable(current);
  }

  private void reinstall(String by) throws IOException {
    if (current == null) {
      return; // the first job loads whatever is active then
    }
    install(build(), by);
  }

  private void install(ServedModel next, String by) {
    ServedModel old = current;
    current = next;
    installedActive = next.registryVersion().orElse("") + (next.validated() ? "#validated" : "");
    String heads = next.heads().map(h -> " with findings heads " + h.manifest().labels())
        .orElse(" without findings heads");
    audit.record(AuditEntry.of(by, AuditAction.MODEL_INSTALLED, "success").withDetail("serving " + next.name() + " "
        + next.version().id() + heads + (next.validated() ? ", validated" : "")));
    LOG.info("serving {} {} ({})", next.name(), next.version().id(),
        next.heads().isPresent() ? "findings heads installed" : "no findings heads");
    if (old != null) {
      old.retire();
    }
  }

  private ServedModel build() throws IOException {
    if (pinnedByConfiguration()) {
      // a pinned encoder neither reads nor creates the registry
      return ServedModel.encoderOnly(AnalysisComponents.engineBuilder(properties.variant(),
          Path.of(properties.checkpointDir()), properties.seed(), properties.device(), properties.cpuThreads()).build());
    }
    ModelRegistry registry = registry();
    Optional<ModelRegistry.Active> active = registry.active();
    if (active.isEmpty()) {
      return ServedModel.encoderOnly(AnalysisComponents.engineBuilder(properties.variant(), null, properties.seed(),
          properties.device(), properties.cpuThreads()).build());
    }
    return ServedModel.fromRegistry(registry, active.get().version(),
        b -> b.device(properties.device()).cpuThreads(properties.cpuThreads()));
  }

  /** Reinstalls when the registry's active version (or its validation) changed behind our back. */
  private void poll() {
    try {
      synchronized (this) {
        if (current == null || pinnedByConfiguration() || !Files.isDirectory(registryDir)) {
          return;
        }
        ModelRegistry registry = registry();
        String now = registry.active().map(a -> {
          try {
            return a.version() + (registry.get(a.version()).validated() ? "#validated" : "");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).orElse("");
        if (!now.equals(installedActive)) {
          install(build(), "registry");
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("model registry {} could not be read: {}", registryDir, e.getMessage());
    }
  }

  @PreDestroy
  public synchronized void close() {
    poller.shutdownNow();
    if (current != null) {
      current.retire();
      current = null;
    }
  }
}
