package org.neurojepa.testkit.orthanc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;

/**
 * A real Orthanc (Debian's {@code /usr/sbin/Orthanc}) started by a test from a generated
 * configuration, with its own storage and index, and stopped by PID on {@link #close()}.
 *
 * <p>Orthanc 1.10 cannot bind one address: it listens on every interface while the test runs.
 * {@code RemoteAccessAllowed} is false, so its REST API only answers requests from this host.
 * No plugin is loaded unless the builder asks for one.
 */
public final class OrthancServer implements AutoCloseable {
  /** Debian's Orthanc binary. */
  public static final Path BINARY = Path.of("/usr/sbin/Orthanc");
  /** Debian's orthanc-dicomweb plugin. */
  public static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
  /** Debian's orthanc-neuro plugin (GET /series/{id}/nifti). */
  public static final Path NEURO_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancNeuro.so");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;

  /** A DICOM peer Orthanc knows by a symbolic name (its {@code DicomModalities} entry). */
  public record Modality(String name, String aeTitle, String host, int port) {
    public Modality {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(aeTitle, "aeTitle");
      Objects.requireNonNull(host, "host");
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("modality " + name + ": port " + port + " out of range");
      }
    }
  }

  private final ExternalProcess process;
  private final Path workDirectory;
  private final boolean ownsWorkDirectory;
  private final String aeTitle;
  private final int httpPort;
  private final int dicomPort;
  private final Map<String, String> users;

  private OrthancServer(
      ExternalProcess process, Path workDirectory, boolean ownsWorkDirectory, String aeTitle,
      int httpPort, int dicomPort, Map<String, String> users) {
    this.process = process;
    this.workDirectory = workDirectory;
    this.ownsWorkDirectory = ownsWorkDirectory;
    this.aeTitle = aeTitle;
    this.httpPort = httpPort;
    this.dicomPort = dicomPort;
    this.users = users;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>/}, with the trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort + "/";
  }

  public int httpPort() {
    return httpPort;
  }

  public int dicomPort() {
    return dicomPort;
  }

  public String aeTitle() {
    return aeTitle;
  }

  /** The registered HTTP users, name to password; empty when authentication is off. */
  public Map<String, String> users() {
    return users;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where the configuration, the storage, the index and the log live. */
  public Path workDirectory() {
    return workDirectory;
  }

  /** What Orthanc has written to its standard output and error so far. */
  public String log() {
    return process.output();
  }

  /** A modality entry that points other peers at this Orthanc's DICOM port on loopback. */
  public Modality asModality(String name) {
    return new Modality(name, aeTitle, "127.0.0.1", dicomPort);
  }

  /**
   * Kills Orthanc by PID (SIGKILL) and removes a work directory it created itself. A polite stop
   * takes Orthanc 1.10 three to five seconds (its HTTP server polls before it stops); killing it
   * costs nothing a test needs, since SQLite keeps every committed transaction across a process
   * kill. Call {@link #stop()} first for a graceful shutdown.
   */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.kill();
    }
    if (ownsWorkDirectory) {
      deleteRecursively(workDirectory);
    }
  }

  /** Stops Orthanc politely (SIGTERM, SIGKILL after five seconds), keeping its work directory until close. */
  public void stop() {
    process.close();
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove Orthanc work directory " + root, e);
    }
  }

  /** Options of the generated configuration; everything not set keeps Orthanc's own default. */
  public static final class Builder {
    private Path workDirectory;
    private String name = "NeuroJepaTest";
    private String aeTitle = "ORTHANC";
    private int httpPort;
    private int dicomPort;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final List<Modality> modalities = new ArrayList<>();
    private final List<Path> plugins = new ArrayList<>();
    private boolean alwaysAllowStore = true;
    private boolean alwaysAllowEcho = true;
    private Duration stableAge = Duration.ofSeconds(60);
    private boolean syncStorage = true;
    private Duration dicomScuTimeout = Duration.ofSeconds(10);
    private boolean tcpNoDelay = true;

    private Builder() {}

    /**
     * Where the configuration, storage and index go (a {@code @TempDir}). Without one, a fresh
     * temporary directory is made and removed again on close.
     */
    public Builder workDirectory(Path dir) {
      this.workDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Orthanc's {@code Name}, shown by {@code GET /system}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder aeTitle(String aeTitle) {
      if (aeTitle.isEmpty() || aeTitle.length() > 16) {
        throw new IllegalArgumentException("AE title must be 1 to 16 characters: '" + aeTitle + "'");
      }
      this.aeTitle = aeTitle;
      return this;
    }

    /** A fixed HTTP port; by default a free one is chosen. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** A fixed DICOM port (needed when two Orthancs must know each other before either starts). */
    public Builder dicomPort(int port) {
      this.dicomPort = port;
      return this;
    }

    /** Adds an HTTP Basic user and turns authentication on. */
    public Builder user(String name, String password) {
      users.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
      return this;
    }

    /** A DICOM peer for C-MOVE / C-STORE / C-ECHO, addressed by its symbolic name in the REST API. */
    public Builder modality(Modality modality) {
      modalities.add(Objects.requireNonNull(modality, "modality"));
      return this;
    }

    public Builder modality(String name, String aeTitle, String host, int port) {
      return modality(new Modality(name, aeTitle, host, port));
    }

    /** Loads a plugin library, e.g. {@link #DICOMWEB_PLUGIN}. */
    public Builder plugin(Path library) {
      if (!Files.isRegularFile(library)) {
        throw new IllegalArgumentException("no Orthanc plugin at " + library);
      }
      plugins.add(library);
      return this;
    }

    /** {@code DicomAlwaysAllowStore}: accept C-STORE from unknown AEs (Orthanc's default: true). */
    public Builder alwaysAllowStore(boolean allow) {
      this.alwaysAllowStore = allow;
      return this;
    }

    /** {@code DicomAlwaysAllowEcho}: answer C-ECHO from unknown AEs (Orthanc's default: true). */
    public Builder alwaysAllowEcho(boolean allow) {
      this.alwaysAllowEcho = allow;
      return this;
    }

    /** {@code StableAge}: quiet time before a series is declared stable (whole seconds, ≥ 1). */
    public Builder stableAge(Duration age) {
      if (age.toSeconds() < 1) {
        throw new IllegalArgumentException("StableAge must be at least one second: " + age);
      }
      this.stableAge = age;
      return this;
    }

    /** {@code SyncStorageArea}: fsync each stored file (Orthanc's default: true). */
    public Builder syncStorage(boolean sync) {
      this.syncStorage = sync;
      return this;
    }

    /** {@code DicomScuTimeout}: how long Orthanc waits on a peer as a DICOM client. */
    public Builder dicomScuTimeout(Duration timeout) {
      if (timeout.toSeconds() < 1) {
        throw new IllegalArgumentException("DicomScuTimeout must be at least one second: " + timeout);
      }
      this.dicomScuTimeout = timeout;
      return this;
    }

    /**
     * Turns Nagle off on Orthanc's DICOM sockets (on by default here). Orthanc's DICOM side is
     * dcmtk, which leaves Nagle on unless its environment says {@code TCP_NODELAY=1}; with Nagle on
     * every C-STORE response waits for a delayed ACK and Orthanc receives about 20 instances/s
     * instead of 230 (measured with storescu, 181 slices of 181 × 217).
     */
    public Builder tcpNoDelay(boolean noDelay) {
      this.tcpNoDelay = noDelay;
      return this;
    }

    /** Writes the configuration, starts Orthanc and waits until both its ports accept connections. */
    public OrthancServer start() {
      if (!Files.isExecutable(BINARY)) {
        throw new IllegalStateException("Orthanc is not installed at " + BINARY + " (apt-get install orthanc)");
      }
      boolean ownsDir = workDirectory == null;
      Path dir;
      try {
        // Absolute: Orthanc runs in this directory and reads every path in its configuration from there.
        dir = (ownsDir ? Files.createTempDirectory("orthanc-") : workDirectory).toAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a work directory for Orthanc", e);
      }
      // Ports picked here may be taken by someone else before Orthanc binds them: pick again.
      IllegalStateException lastFailure = null;
      int attempts = httpPort == 0 || dicomPort == 0 ? START_ATTEMPTS : 1;
      for (int attempt = 1; attempt <= attempts; attempt++) {
        int http = httpPort != 0 ? httpPort : FreePorts.loopback();
        int dicom = dicomPort != 0 ? dicomPort : FreePorts.loopback();
        while (dicom == http) {
          dicom = FreePorts.loopback();
        }
        ExternalProcess process = null;
        try {
          Path config = writeConfiguration(dir, http, dicom);
          process = ExternalProcess.start("orthanc", List.of(BINARY.toString(), config.toString()), dir,
              Map.of("TCP_NODELAY", tcpNoDelay ? "1" : "0"));
          process.awaitPort(dicom, START_TIMEOUT).awaitPort(http, START_TIMEOUT);
          return new OrthancServer(process, dir, ownsDir, aeTitle, http, dicom, Map.copyOf(users));
        } catch (IllegalStateException e) {
          if (process != null) {
            process.close();
          }
          lastFailure = e;
        } catch (RuntimeException e) {
          if (process != null) {
            process.close();
          }
          if (ownsDir) {
            deleteRecursively(dir);
          }
          throw e;
        }
      }
      if (ownsDir) {
        deleteRecursively(dir);
      }
      throw lastFailure;
    }

    private Path writeConfiguration(Path dir, int http, int dicom) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode c = json.createObjectNode();
      c.put("Name", name);
      Path storage = dir.resolve("storage");
      Path temporary = dir.resolve("tmp");
      try {
        Files.createDirectories(storage);
        Files.createDirectories(temporary);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare Orthanc storage under " + dir, e);
      }
      c.put("StorageDirectory", storage.toString());
      c.put("IndexDirectory", storage.toString());
      c.put("TemporaryDirectory", temporary.toString());
      ArrayNode pluginList = c.putArray("Plugins");
      plugins.forEach(p -> pluginList.add(p.toString()));
      c.putArray("LuaScripts");
      c.put("HttpServerEnabled", true);
      c.put("HttpPort", http);
      c.put("HttpDescribeErrors", true);
      c.put("RemoteAccessAllowed", false);
      c.put("AuthenticationEnabled", !users.isEmpty());
      ObjectNode registered = c.putObject("RegisteredUsers");
      users.forEach(registered::put);
      c.put("WebDavEnabled", false);
      c.put("DicomServerEnabled", true);
      c.put("DicomAet", aeTitle);
      c.put("DicomPort", dicom);
      c.put("DicomCheckCalledAet", false);
      c.put("DicomAlwaysAllowStore", alwaysAllowStore);
      c.put("DicomAlwaysAllowEcho", alwaysAllowEcho);
      c.put("DicomScuTimeout", (int) dicomScuTimeout.toSeconds());
      ObjectNode peers = c.putObject("DicomModalities");
      for (Modality m : modalities) {
        ObjectNode peer = peers.putObject(m.name());
        peer.put("AET", m.aeTitle());
        peer.put("Host", m.host());
        peer.put("Port", m.port());
      }
      c.put("StableAge", (int) stableAge.toSeconds());
      c.put("SyncStorageArea", syncStorage);
      // A stopped test server needs no job history, and jobs saved in the index slow its start.
      c.put("SaveJobs", false);
      // A test run has no use for Prometheus counters.
      c.put("MetricsEnabled", false);
      Path file = dir.resolve("orthanc.json");
      try {
        json.writeValue(file.toFile(), c);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write Orthanc configuration " + file, e);
      }
      return file;
    }
  }
}
