package org.neurojepa.pacs.dicom;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the DICOM node listens and stores. Validated on construction: an open node (empty calling-AE
 * allow-list) may only listen on a loopback address.
 *
 * @param aeTitle the called AE title peers must address
 * @param bindAddress the interface to listen on (default 127.0.0.1)
 * @param port the TCP port, 0 to pick a free one ({@link DicomNode#port()} tells which)
 * @param allowedCallingAeTitles calling AE titles accepted; empty accepts any (loopback only)
 * @param storageDirectory the root of the instance store
 * @param freeDiskWatermarkBytes below this usable space C-STORE answers Out of Resources (A700)
 * @param maxAssociations concurrent associations; more are rejected (transient, local limit)
 * @param associationRequestTimeout how long a new connection may take to send its A-ASSOCIATE-RQ
 * @param idleTimeout how long an association may stay silent before it is closed
 * @param maxPduLength the maximum PDU length we announce for receiving
 */
public record DicomNodeConfig(
    AeTitle aeTitle,
    InetAddress bindAddress,
    int port,
    Set<AeTitle> allowedCallingAeTitles,
    Path storageDirectory,
    long freeDiskWatermarkBytes,
    int maxAssociations,
    Duration associationRequestTimeout,
    Duration idleTimeout,
    int maxPduLength) {

  public static final String DEFAULT_AE_TITLE = "NEUROJEPA";
  public static final int DEFAULT_PORT = 11112;
  public static final long DEFAULT_FREE_DISK_WATERMARK_BYTES = 1L << 30;
  public static final int DEFAULT_MAX_ASSOCIATIONS = 16;
  public static final Duration DEFAULT_ASSOCIATION_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_PDU_LENGTH = 65_536;

  public DicomNodeConfig {
    Objects.requireNonNull(aeTitle, "aeTitle");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(storageDirectory, "storageDirectory");
    Objects.requireNonNull(associationRequestTimeout, "associationRequestTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    allowedCallingAeTitles = Set.copyOf(Objects.requireNonNull(allowedCallingAeTitles, "allowedCallingAeTitles"));
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (freeDiskWatermarkBytes < 0) {
      throw new IllegalArgumentException("freeDiskWatermarkBytes must be >= 0, got " + freeDiskWatermarkBytes);
    }
    if (maxAssociations < 1) {
      throw new IllegalArgumentException("maxAssociations must be >= 1, got " + maxAssociations);
    }
    if (associationRequestTimeout.isNegative() || associationRequestTimeout.isZero()
        || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxPduLength < 4_096 || maxPduLength > 1 << 24) {
      throw new IllegalArgumentException("maxPduLength must be 4096..16777216, got " + maxPduLength);
    }
    if (allowedCallingAeTitles.isEmpty() && !bindAddress.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "refusing to listen on " + bindAddress.getHostAddress()
              + " with an empty calling AE allow-list: any peer on the network could store; "
              + "list the allowed calling AE titles or bind to 127.0.0.1");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when {@code calling} may open an association. */
  public boolean allowsCallingAeTitle(AeTitle calling) {
    return allowedCallingAeTitles.isEmpty() || allowedCallingAeTitles.contains(calling);
  }

  /** Builds a {@link DicomNodeConfig}; every option has the default documented on its constant. */
  public static final class Builder {
    private AeTitle aeTitle = new AeTitle(DEFAULT_AE_TITLE);
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = DEFAULT_PORT;
    private final Set<AeTitle> allowed = new LinkedHashSet<>();
    private Path storageDirectory;
    private long freeDiskWatermarkBytes = DEFAULT_FREE_DISK_WATERMARK_BYTES;
    private int maxAssociations = DEFAULT_MAX_ASSOCIATIONS;
    private Duration associationRequestTimeout = DEFAULT_ASSOCIATION_REQUEST_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxPduLength = DEFAULT_MAX_PDU_LENGTH;

    private Builder() {}

    public Builder aeTitle(String aeTitle) {
      this.aeTitle = new AeTitle(aeTitle);
      return this;
    }

    public Builder bindAddress(InetAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** A literal address or host name, resolved now. */
    public Builder bindAddress(String host) {
      try {
        this.bindAddress = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown bind address '" + host + "'", e);
      }
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder allowCallingAeTitle(String aeTitle) {
      allowed.add(new AeTitle(aeTitle));
      return this;
    }

    public Builder allowedCallingAeTitles(Set<AeTitle> aeTitles) {
      allowed.clear();
      allowed.addAll(aeTitles);
      return this;
    }

    public Builder storageDirectory(Path storageDirectory) {
      this.storageDirectory = storageDirectory;
      return this;
    }

    public Builder freeDiskWatermarkBytes(long bytes) {
      this.freeDiskWatermarkBytes = bytes;
      return this;
    }

    public Builder maxAssociations(int maxAssociations) {
      this.maxAssociations = maxAssociations;
      return this;
    }

    public Builder associationRequestTimeout(Duration timeout) {
      this.associationRequestTimeout = timeout;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public Builder maxPduLength(int maxPduLength) {
      this.maxPduLength = maxPduLength;
      return this;
    }

    public DicomNodeConfig build() {
      return new DicomNodeConfig(aeTitle, bindAddress, port, allowed, storageDirectory,
          freeDiskWatermarkBytes, maxAssociations, associationRequestTimeout, idleTimeout, maxPduLength);
    }
  }
}
