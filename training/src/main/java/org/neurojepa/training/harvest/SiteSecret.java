package org.neurojepa.training.harvest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * The site's secret for {@link PatientPseudonyms}: from the environment variable
 * {@value #ENVIRONMENT}, or from a file the first harvest creates with 32 random bytes (as hex),
 * readable by its owner only (0600), beside the dataset and never inside it: a dataset handed on
 * must not carry the key to its own pseudonyms. Keep the file (or the variable) for every later
 * harvest of the site: another secret gives every patient another key.
 */
public final class SiteSecret {
  public static final String ENVIRONMENT = "NEUROJEPA_HARVEST_SECRET";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] bytes;
  private final String origin;

  private SiteSecret(byte[] bytes, String origin) {
    if (bytes.length < PatientPseudonyms.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the pseudonym secret from " + origin + " is shorter than "
          + PatientPseudonyms.MIN_SECRET_BYTES + " characters");
    }
    this.bytes = bytes;
    this.origin = origin;
  }

  /** The value of {@value #ENVIRONMENT}, at least 16 characters. */
  public static SiteSecret fromEnvironmentValue(String value) {
    return new SiteSecret(Objects.requireNonNull(value, "value").trim().getBytes(StandardCharsets.UTF_8),
        "the environment variable " + ENVIRONMENT);
  }

  /** The default secret file of a dataset: {@code <dataset>.secret} in the dataset's parent folder. */
  public static Path defaultFile(Path dataset) {
    Path d = dataset.toAbsolutePath().normalize();
    return d.resolveSibling(d.getFileName() + ".secret");
  }

  /**
   * Reads the secret from {@code file}, creating it first (0600, 32 random bytes as hex) when it does
   * not exist. A file inside {@code dataset}, or one that others may read, is refused.
   */
  public static SiteSecret fromFile(Path file, Path dataset) throws IOException {
    Path f = file.toAbsolutePath().normalize();
    if (f.startsWith(dataset.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("the secret file " + f + " is inside the dataset "
          + dataset.toAbsolutePath().normalize() + "; keep it beside the dataset, not in it");
    }
    String origin = "the file " + f;
    if (!Files.exists(f)) {
      create(f);
      origin = "the file " + f + " (created now)";
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(f);
    if (permissions.stream().anyMatch(p -> !OWNER_ONLY.contains(p) && p != PosixFilePermission.OWNER_EXECUTE)) {
      throw new IllegalArgumentException("the secret file " + f + " may be read by others ("
          + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
    }
    return new SiteSecret(Files.readString(f, StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8), origin);
  }

  /**
   * Writes the new secret to a temporary file (0600 from the start) and links it into place: the
   * link fails when another harvest created the file meanwhile, so nobody ever reads a half-written
   * secret and two harvests never end up with two.
   */
  private static void create(Path f) throws IOException {
    Files.createDirectories(f.getParent());
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Path tmp = Files.createTempFile(f.getParent(), "." + f.getFileName(), ".new",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap((HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
      try {
        Files.createLink(f, tmp);
      } catch (FileAlreadyExistsException raced) {
        return; // another harvest made it first: use theirs
      }
      try (FileChannel dir = FileChannel.open(f.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public PatientPseudonyms pseudonyms() {
    return new PatientPseudonyms(bytes);
  }

  /** Where the secret came from, for the console (never the secret). */
  public String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "SiteSecret[from " + origin + "]";
  }
}
