package org.neurojepa.service.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.neurojepa.pacs.dicom.AssociationEvent;
import org.neurojepa.pacs.dicom.AssociationListener;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.series.SeriesAssembler;
import org.neurojepa.pacs.series.SeriesCompletedListener;
import org.neurojepa.pacs.store.SeriesSummary;
import org.neurojepa.pacs.store.StudySummary;
import java.util.Optional;
import org.neurojepa.service.pipeline.Replica;
import org.neurojepa.service.pipeline.SeriesReceiving;
import org.neurojepa.service.pipeline.SeriesRecords;
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
  private final SeriesRecords records;
  private final SeriesReceiving receiving;
  private final Replica replica;
  private volatile boolean running;

  public DicomNodeLifecycle(
      NodeProperties properties, AuditTrail audit, SeriesCompletedListener intake, SeriesRecords records,
      SeriesReceiving receiving, Replica replica) {
    this.replica = replica;
    this.audit = audit;
    this.records = records;
    this.receiving = receiving;
    DicomNodeConfig.Builder config =
        DicomNodeConfig.builder()
            .aeTitle(properties.aeTitle())
            .bindAddress(properties.bind())
            .port(properties.port())
            .storageDirectory(properties.instanceDir())
            .freeDiskWatermarkBytes(properties.freeDiskWatermarkBytes())
            .maxAssociations(properties.maxAssociations());
    properties.allowedCallingAeTitles().forEach(config::allowCallingAeTitle);
    this.series = new SeriesAssembler(properties.quietPeriod(), event -> {
      LOG.info("series {} complete: {} instances, generation {}", event.seriesInstanceUid(), event.instanceCount(),
          event.generation());
      intake.seriesCompleted(event);
    });
    this.node = DicomNode.builder(config.build())
        .associationListener(new Associations())
        .instanceStoredListener(new Instances())
        .instanceStoredListener(receiving)
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
      resumeUnfinishedSeries();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Series completions pending when the service stopped are not lost: a series whose stored
   * instances outnumber what its last recorded completion saw goes back to the assembler and
   * completes again after the quiet period.
   */
  private void resumeUnfinishedSeries() {
    int resumed = 0;
    for (StudySummary study : node.store().studies()) {
      for (SeriesSummary s : study.series()) {
        Optional<SeriesRecords.SeriesRecord> record = records.find(s.seriesInstanceUid());
        if (record.map(r -> r.nodeId() != null && !r.nodeId().equals(replica.id())).orElse(false)) {
          continue; // another replica holds this series; its part here was refused when it completed
        }
        int completed = record.map(SeriesRecords.SeriesRecord::instanceCount).orElse(0);
        if (s.instanceCount() > completed) {
          var instances = node.store().instances(s.seriesInstanceUid());
          instances.stream().findFirst().ifPresent(i -> receiving.instanceStored(i, StoreOutcome.STORED));
          instances.forEach(i -> series.instanceStored(i, StoreOutcome.STORED));
          resumed++;
        }
      }
    }
    if (resumed > 0) {
      LOG.info("{} series received before the last stop will complete again", resumed);
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
