package org.neurojepa.service.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.neurojepa.pacs.dicom.AssociationEvent;
import org.neurojepa.pacs.dicom.AssociationListener;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.series.SeriesAssembler;
import org.neurojepa.pacs.series.SeriesCompleted;
import org.neurojepa.pacs.store.InstanceRejection;
import org.neurojepa.pacs.store.InstanceStore;
import org.neurojepa.pacs.store.InstanceStoredListener;
import org.neurojepa.pacs.store.StoreOutcome;
import org.neurojepa.pacs.store.StoredInstance;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the DICOM node for as long as the application runs, and records what it does in the audit
 * trail: associations accepted and refused, instances stored and refused, series completed and
 * re-opened. The store's index is rebuilt from disk when the node is built, so instances
 * acknowledged before a crash are known again at start.
 */
@Component
public final class DicomNodeLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DicomNodeLifecycle.class);

  private final DicomNode node;
  private final SeriesAssembler series;
  private final AuditTrail audit;
  private volatile boolean running;

  public DicomNodeLifecycle(NodeProperties properties, AuditTrail audit) {
    this.audit = audit;
    DicomNodeConfig.Builder config =
        DicomNodeConfig.builder()
            .aeTitle(properties.aeTitle())
            .bindAddress(properties.bind())
            .port(properties.port())
            .storageDirectory(properties.instanceDir())
            .freeDiskWatermarkBytes(properties.freeDiskWatermarkBytes())
            .maxAssociations(properties.maxAssociations());
    properties.allowedCallingAeTitles().forEach(config::allowCallingAeTitle);
    this.series = new SeriesAssembler(properties.quietPeriod(), this::seriesCompleted);
    this.node = DicomNode.builder(config.build())
        .associationListener(new Associations())
        .instanceStoredListener(new Instances())
        .instanceStoredListener(series)
        .build();
  }

  public InstanceStore store() {
    return node.store();
  }

  public SeriesAssembler series() {
    return series;
  }

  /** The DICOM port listened on (the chosen one when configured as 0). */
  public int port() {
    return node.port();
  }

  @Override
  public void start() {
    try {
      node.start();
      running = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    node.close();
    series.close();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void seriesCompleted(SeriesCompleted event) {
    AuditAction action = event.generation() == 1 ? AuditAction.SERIES_COMPLETED : AuditAction.SERIES_REOPENED;
    LOG.info("series {} complete: {} instances, generation {}", event.seriesInstanceUid(), event.instanceCount(),
        event.generation());
    audit.record(AuditEntry.of("system", action, "success")
        .withStudy(event.studyInstanceUid(), event.seriesInstanceUid())
        .withDetail(event.instanceCount() + " instances, generation " + event.generation()));
  }

  private final class Associations implements AssociationListener {
    @Override
    public void accepted(AssociationEvent event) {
      audit.record(AuditEntry.of("dicom:" + event.callingAeTitle(), AuditAction.ASSOCIATION_ACCEPTED, "success")
          .withDicomPeer(event.callingAeTitle(), event.remoteAddress().toString())
          .withDetail("called " + event.calledAeTitle()));
    }

    @Override
    public void rejected(AssociationEvent event) {
      LOG.warn("association from {} ({} -> {}) refused: {}", event.remoteAddress(), event.callingAeTitle(),
          event.calledAeTitle(), event.reason());
      audit.record(AuditEntry.of("dicom:" + event.callingAeTitle(), AuditAction.ASSOCIATION_REFUSED, "refused")
          .withDicomPeer(event.callingAeTitle(), event.remoteAddress().toString())
          .withDetail("called " + event.calledAeTitle() + ": " + event.reason()));
    }
  }

  private final class Instances implements InstanceStoredListener {
    @Override
    public void instanceStored(StoredInstance instance, StoreOutcome outcome) {
      audit.record(AuditEntry.of("dicom:" + instance.callingAeTitle(), AuditAction.INSTANCE_STORED, "success")
          .withDicomPeer(instance.callingAeTitle(), null)
          .withStudy(instance.studyInstanceUid(), instance.seriesInstanceUid())
          .withDetail(outcome + " " + instance.sopInstanceUid() + " (" + instance.bytes() + " bytes)"));
    }

    @Override
    public void instanceRejected(InstanceRejection rejection) {
      audit.record(AuditEntry.of("dicom:" + rejection.callingAeTitle(), AuditAction.INSTANCE_STORED, "failure")
          .withDicomPeer(rejection.callingAeTitle(), null)
          .withDetail(rejection.status() + " " + rejection.sopInstanceUid() + ": " + rejection.reason()));
    }
  }
}
