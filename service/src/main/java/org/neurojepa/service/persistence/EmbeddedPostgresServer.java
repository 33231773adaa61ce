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
