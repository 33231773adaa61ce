package org.neurojepa.service.pipeline;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.neurojepa.service.config.NodeProperties;
import org.neurojepa.service.config.PipelineProperties;
import org.springframework.stereotype.Component;

/**
 * This service among the replicas that share one database. A replica keeps the DICOM files it
 * received and the artefacts it made on its own disk, so the jobs that read them are bound to it
 * by its id; the id must therefore survive a restart, and two replicas must never share one.
 */
@Component
public final class Replica {
  private final String id;

  public Replica(PipelineProperties pipeline, NodeProperties node) {
    this.id = pipeline.nodeId().isBlank()
        ? hostName() + ":" + node.dataDir().toAbsolutePath().normalize()
        : pipeline.nodeId();
  }

  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
