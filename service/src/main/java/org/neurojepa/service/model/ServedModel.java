package org.neurojepa.service.model;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.ModelVersion;
import org.neurojepa.model.findings.FindingHeads;

/**
 * The model the service runs now: an encoder, the findings heads installed with it (if any), and
 * the version every result reports. A model replaced by a promotion or rollback is retired: it keeps
 * serving the jobs that hold it and is closed when the last of them lets go, so a switch never
 * breaks a running job.
 */
public final class ServedModel {
  private final InferenceEngine engine;
  private final Optional<FindingHeads> heads;
  private final ModelVersion version;
  private final boolean validated;
  private final Optional<String> registryVersion;
  private final AtomicInteger holders = new AtomicInteger(1); // the installation's own hold

  ServedModel(InferenceEngine engine, Optional<FindingHeads> heads, ModelVersion version, boolean validated,
      Optional<String> registryVersion) {
    this.engine = engine;
    this.heads = heads;
    this.version = version;
    this.validated = validated;
    this.registryVersion = registryVersion;
  }

  /** An encoder alone (a checkpoint, released or untrained weights): no findings heads, never validated. */
  public static ServedModel encoderOnly(InferenceEngine engine) {
    return new ServedModel(engine, Optional.empty(), engine.version(), false, Optional.empty());
  }

  /**
   * A registry version: its encoder (built by {@code encoder}, which the caller may tune for device
   * and threads) and its heads, reporting the version's name.
   */
  public static ServedModel fromRegistry(org.neurojepa.training.registry.ModelRegistry registry, String id,
      java.util.function.UnaryOperator<InferenceEngine.Builder> tune) throws java.io.IOException {
    org.neurojepa.training.registry.ModelVersionRecord v = registry.get(id);
    java.nio.file.Path dir = registry.dir(v.id());
    InferenceEngine e = tune.apply(v.encoder().builder(dir.resolve("encoder"))).build();
    try {
      FindingHeads heads = FindingHeads.load(dir.resolve("heads"), e.version());
      return new ServedModel(e, Optional.of(heads), new ModelVersion(v.id(), e.version().weightsSha256()),
          v.validated() && e.version().isTrained(), Optional.of(v.id()));
    } catch (java.io.IOException | RuntimeException ex) {
      e.close();
      throw ex;
    }
  }

  /** Closes a model nobody else holds (the command-line pipeline's own). */
  public void close() {
    retire();
  }

  public InferenceEngine engine() {
    return engine;
  }

  public Optional<FindingHeads> heads() {
    return heads;
  }

  /**
   * What results report: the registry version (encoder + heads) when one is installed, else the
   * encoder's own version; the weights hash is the encoder's.
   */
  public ModelVersion version() {
    return version;
  }

  /** The architecture's display name, e.g. {@code Neuro-JEPA base}. */
  public String name() {
    return "Neuro-JEPA " + engine.config().name();
  }

  /** Whether a person marked this version clinically validated: its reports are final. */
  public boolean validated() {
    return validated;
  }

  /** The registry version served, if the model came from the registry. */
  public Optional<String> registryVersion() {
    return registryVersion;
  }

  /** A hold on this model for one job; closing it lets go. */
  public final class Lease implements AutoCloseable {
    private boolean released;

    public ServedModel model() {
      return ServedModel.this;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release();
      }
    }
  }

  /** A lease, or empty when the model was retired and closed meanwhile (ask the installation again). */
  Optional<Lease> tryLease() {
    while (true) {
      int n = holders.get();
      if (n == 0) {
        return Optional.empty();
      }
      if (holders.compareAndSet(n, n + 1)) {
        return Optional.of(new Lease());
      }
    }
  }

  /** Drops the installation's hold: the model closes when no job holds it any more. */
  void retire() {
    release();
  }

  private void release() {
    // zero is reached once: tryLease never leases a model whose holders reached zero
    if (holders.decrementAndGet() == 0) {
      heads.ifPresent(FindingHeads::close);
      engine.close();
    }
  }
}
