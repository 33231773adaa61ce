package org.neurojepa.service.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.neurojepa.pacs.dicom.AssociationEvent;
import org.neurojepa.pacs.dicom.AssociationListener;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.store.InstanceStore;
import org.neurojepa.service.config.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the DICOM node for as long as the application runs. The store's index is rebuilt from disk
 * when the node is built, so instances acknowledged before a crash are known again at start.
 */
@Component
public final class DicomNodeLifecycle implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DicomNodeLifecycle.class);

  private final DicomNode node;
  private volatile boolean running;

  public DicomNodeLifecycle(NodeProperties properties) {
    DicomNodeConfig.Builder config =
        DicomNodeConfig.builder()
            .aeTitle(properties.aeTitle())
            .bindAddress(properties.bind())
            .port(properties.port())
            .storageDirectory(properties.instanceDir())
            .freeDiskWatermarkBytes(properties.freeDiskWatermarkBytes())
            .maxAssociations(properties.maxAssociations());
    properties.allowedCallingAeTitles().forEach(config::allowCallingAeTitle);
    this.node = DicomNode.builder(config.build()).associationListener(new LoggingListener()).build();
  }

  public InstanceStore store() {
    return node.store();
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
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private static final class LoggingListener implements AssociationListener {
    @Override
    public void accepted(AssociationEvent event) {
      LOG.info("association accepted: {}", event);
    }

    @Override
    public void rejected(AssociationEvent event) {
      LOG.warn("association rejected: {}", event);
    }
  }
}
