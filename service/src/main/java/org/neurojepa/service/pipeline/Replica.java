package org.neurojepa.service.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.neurojepa.service.config.NodeProperties;
import org.neurojepa.service.config.PipelineProperties;
import org.springframework.stereotype.Component;

/**
 * This service among the replicas that share one database. A replica keeps the DICOM files it
 * received and the artefacts it made on its own disk, so the jobs that read them are bound to it
 * by its id; the id must therefore survive a restart, and two replicas must never share one.
 * Unless configured, the id is made at the first start from the host name and the data directory
 * and kept in {@code <data-dir>/node-id}: a container that comes back with another host name on
 * the same volume is still the same replica.
 */
@Component
public final class Replica {
  static final String FILE = "node-id";

  private final String id;

  public Replica(PipelineProperties pipeline, NodeProperties node) {
    this.id = pipeline.nodeId().isBlank() ? stored(node.dataDir().toAbsolutePath().normalize()) : pipeline.nodeId();
  }

  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  /** The id kept in the data directory, made and kept there at the first start. */
  static String stored(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.isRegularFile(file)) {
        String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!kept.isEmpty()) {
          return kept;
        }
      }
      String made = hostName() + ":" + dataDir;
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
      Files.writeString(tmp, made + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return made;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep this replica's id in " + file, e);
    }
  }

  /** This machine's name as the network knows it; {@code localhost} when it has none. */
  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
