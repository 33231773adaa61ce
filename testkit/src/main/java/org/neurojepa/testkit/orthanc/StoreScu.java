package org.neurojepa.testkit.orthanc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurojepa.testkit.junit.ExternalProcess;

/**
 * Sends files with dcmtk's {@code storescu}, all in one association, and times it: the common
 * yardstick for how fast a DICOM node receives (Orthanc's, and ours). Nagle is turned off on
 * storescu's socket ({@code TCP_NODELAY=1}), without which dcmtk runs about ten times slower.
 */
public final class StoreScu {
  /** The calling AE title storescu uses unless told otherwise. */
  public static final String DEFAULT_CALLING_AE = "STORESCU";

  /**
   * One storescu run.
   *
   * @param instances how many files were sent
   * @param wall wall-clock time of the storescu process, association set-up and release included
   * @param output what storescu printed
   */
  public record Run(int instances, Duration wall, String output) {
    public Run {
      Objects.requireNonNull(wall, "wall");
      Objects.requireNonNull(output, "output");
    }

    public double instancesPerSecond() {
      return instances / (wall.toNanos() / 1e9);
    }
  }

  private StoreScu() {}

  /**
   * Sends {@code files} to {@code calledAe} at {@code host:port} in one association and waits for
   * storescu to finish; fails with storescu's output if it exits non-zero, reports an error, or
   * takes longer than {@code timeout}.
   *
   * @param workDir where storescu runs and writes its log (a {@code @TempDir})
   */
  public static Run send(
      List<Path> files, String host, int port, String calledAe, Path workDir, Duration timeout) {
    return send(files, host, port, calledAe, DEFAULT_CALLING_AE, workDir, timeout);
  }

  public static Run send(
      List<Path> files, String host, int port, String calledAe, String callingAe, Path workDir, Duration timeout) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files to send");
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("no file at " + f);
      }
    }
    // storescu's default proposal (uncompressed transfer syntaxes, one context per SOP class) and
    // its default of one association for all files.
    List<String> command = new ArrayList<>(List.of(
        "storescu", "-aet", callingAe, "-aec", calledAe, host, Integer.toString(port)));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    long start = System.nanoTime();
    try (ExternalProcess storescu =
        ExternalProcess.start("storescu", command, workDir, Map.of("TCP_NODELAY", "1"))) {
      int rc = storescu.waitFor(timeout);
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      String output = storescu.output();
      if (rc != 0 || output.contains("E: ")) {
        throw new IllegalStateException(
            "storescu to " + calledAe + "@" + host + ":" + port + " failed (exit " + rc + "):\n" + output);
      }
      return new Run(files.size(), wall, output);
    }
  }
}
