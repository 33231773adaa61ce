package org.neurojepa.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;

/**
 * The service as a process of its own, {@code neurojepa serve} in a child JVM on loopback, for
 * tests that need what a Spring test in this JVM cannot give: a crash of the JVM alone, or
 * replicas. Its output goes to {@code <workDir>/<name>.log}; the API is called as {@code admin}.
 */
public final class ServeProcess implements AutoCloseable {
  /** The settings every child starts with unless the test says otherwise. */
  private static final ServiceSettings DEFAULTS = ServiceSettings.none()
      .with("neurojepa.model.variant", "tiny")
      .with("neurojepa.dicom.quiet-period", "1s")
      .with("neurojepa.dicom.free-disk-watermark-bytes", 0)
      .with("neurojepa.pipeline.poll", "100ms")
      .with("neurojepa.pipeline.initial-backoff", "200ms");

  private final String name;
  private final ExternalProcess process;
  private final int httpPort;
  private final int dicomPort;
  private final Path workDir;
  private final HttpCalls http;
  private final String admin;

  private ServeProcess(Builder b, ExternalProcess process) {
    this.name = b.name;
    this.process = process;
    this.httpPort = b.httpPort;
    this.dicomPort = b.dicomPort;
    this.workDir = b.workDir;
    this.http = new HttpCalls(b.httpPort);
    this.admin = HttpCalls.basic("admin", b.adminPassword);
  }

  /** A process called {@code name} (its log, its data directory {@code <workDir>/<name>} unless told). */
  public static Builder builder(String name, Path workDir) {
    return new Builder(name, workDir);
  }

  public static final class Builder {
    private final String name;
    private final Path workDir;
    private Path dataDir;
    private Path tmpDir;
    private int httpPort = -1;
    private int dicomPort = -1;
    private String adminPassword;
    private ServiceSettings settings = DEFAULTS;

    private Builder(String name, Path workDir) {
      this.name = Objects.requireNonNull(name, "name");
      this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    /** Default {@code <workDir>/<name>}. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The child's {@code java.io.tmpdir}; default {@code <workDir>/<name>-tmp}. */
    public Builder tmpDir(Path tmpDir) {
      this.tmpDir = tmpDir;
      return this;
    }

    /** Default: free ones. */
    public Builder ports(int httpPort, int dicomPort) {
      this.httpPort = httpPort;
      this.dicomPort = dicomPort;
      return this;
    }

    /** Given to the first start in {@code NEUROJEPA_ADMIN_PASSWORD}; the tests' calls use it. */
    public Builder adminPassword(String adminPassword) {
      this.adminPassword = adminPassword;
      return this;
    }

    /** A further {@code --key=value} setting, or another value for one of the defaults. */
    public Builder setting(String key, Object value) {
      this.settings = settings.with(key, value);
      return this;
    }

    /** Starts the process and returns at once; see {@link ServeProcess#awaitListening}. */
    public ServeProcess start() {
      Objects.requireNonNull(adminPassword, "adminPassword");
      if (httpPort < 0) {
        httpPort = FreePorts.loopback();
        dicomPort = FreePorts.loopback();
      }
      try {
        dataDir = Files.createDirectories(dataDir != null ? dataDir : workDir.resolve(name));
        tmpDir = Files.createDirectories(tmpDir != null ? tmpDir : workDir.resolve(name + "-tmp"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Djava.io.tmpdir=" + tmpDir,
          "-cp", System.getProperty("java.class.path"), "org.neurojepa.cli.NeuroJepaCommand", "serve",
          "--data-dir", dataDir.toString(), "--dicom-port", Integer.toString(dicomPort),
          "--http-port", Integer.toString(httpPort)));
      command.addAll(List.of(settings.arguments()));
      ExternalProcess process = ExternalProcess.start(name, command, workDir,
          Map.of("NEUROJEPA_ADMIN_PASSWORD", adminPassword, "TCP_NODELAY", "1"));
      return new ServeProcess(this, process);
    }
  }

  /**
   * Waits for the HTTP port up to {@code timeout}, then for the DICOM port up to 30 s; fails with
   * the output, the process stopped.
   */
  public ServeProcess awaitListening(Duration timeout) {
    try {
      process.awaitPort(httpPort, timeout).awaitPort(dicomPort, Duration.ofSeconds(30));
      return this;
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public int httpPort() {
    return httpPort;
  }

  public int dicomPort() {
    return dicomPort;
  }

  public long pid() {
    return process.pid();
  }

  /** What the process printed so far. */
  public String output() {
    return process.output();
  }

  /** Waits for the process to exit (after a kill, say); fails with its output after {@code timeout}. */
  public int waitFor(Duration timeout) {
    return process.waitFor(timeout);
  }

  /** GET as admin: the body of a 200, empty for a 404; any other answer fails the test. */
  public Optional<String> get(String path) throws IOException {
    return http.found(path, admin);
  }

  /** GET as admin: the elements of the JSON array answered. */
  public List<JsonNode> array(String path) throws IOException {
    return http.array(path, admin);
  }

  /** The jobs of study {@code studyUid} among the first 1000 that /api/jobs lists. */
  public List<JsonNode> jobs(String studyUid) throws IOException {
    return array("/api/jobs?limit=1000").stream().filter(j -> studyUid.equals(j.path("studyUid").asText())).toList();
  }

  /** Sends {@code files} to this process's DICOM port with storescu, all stored or the test fails. */
  public void send(List<Path> files) {
    TestScu.send(dicomPort, files, workDir);
  }

  /** SIGTERM, then SIGKILL after five seconds. */
  @Override
  public void close() {
    process.close();
  }
}
