package org.neurojepa.service.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 16 run by the service itself, so that the embedded default needs no database
 * installed by hand. Its cluster lives in {@code <data-dir>/postgres} and survives restarts; it
 * listens on loopback only.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    Path cluster = dataDir.resolve("postgres").toAbsolutePath();
    try {
      Files.createDirectories(cluster);
      stopOrphan(cluster);
      Files.createDirectories(dataDir.resolve("postgres-binaries"));
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(cluster)
          // the binaries are unpacked beside the cluster, not in the shared temporary directory
          .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toAbsolutePath().toFile())
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          // fsync stays on: acknowledged work must survive a crash of the machine
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on");
      if (port > 0) {
        builder.setPort(port);
      }
      long t0 = System.nanoTime();
      EmbeddedPostgres postgres = builder.start();
      LOG.info("embedded PostgreSQL on 127.0.0.1:{} with its cluster in {} ({} ms)", postgres.getPort(), cluster,
          (System.nanoTime() - t0) / 1_000_000);
      return new EmbeddedPostgresServer(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + cluster, e);
    }
  }

  /**
   * A service whose JVM died (killed, out of memory) leaves its PostgreSQL running with the cluster
   * in use, and a new server on the same cluster then never starts. The orphan is stopped first:
   * SIGTERM, a smart shutdown, which ends at once because its clients died with the old JVM; a
   * forced kill only if it does not end in a minute (PostgreSQL recovers from that at start). A PID
   * file whose process is gone or is not this cluster's postmaster is left to PostgreSQL.
   */
  static void stopOrphan(Path cluster) throws IOException {
    Path pidFile = cluster.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    java.util.List<String> lines = Files.readAllLines(pidFile);
    if (lines.size() < 2) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    boolean ours = Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(cluster.normalize())
        && postmaster.flatMap(h -> h.info().command()).map(c -> c.endsWith("postgres")).orElse(false);
    if (postmaster.isEmpty() || !ours) {
      return;
    }
    LOG.warn("a PostgreSQL (pid {}) left running by an earlier service still holds {}: stopping it", pid, cluster);
    ProcessHandle h = postmaster.get();
    h.destroy();
    try {
      h.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("PostgreSQL pid {} did not stop in 60 s; killing it", pid);
      h.destroyForcibly();
      try {
        h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stuck) {
        throw new IOException("PostgreSQL pid " + pid + " holding " + cluster + " cannot be stopped", stuck);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping PostgreSQL pid " + pid, interrupted);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("waiting for PostgreSQL pid " + pid + " to stop failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL pid " + pid, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("stopping the embedded PostgreSQL failed", e);
    }
  }
}
