package org.neurojepa.service.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.orthanc.StoreScu;

/**
 * The tests' modality: dcmtk's storescu, calling AE title {@value #AE_TITLE}, sending to our node
 * ({@code NEUROJEPA} on loopback) in one association, with Nagle off ({@code TCP_NODELAY=1}).
 */
public final class TestScu {
  public static final String AE_TITLE = "TESTSCU";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private TestScu() {}

  /** Sends {@code files} to the node on {@code port}; fails with storescu's output unless all are stored in 120 s. */
  public static void send(int port, List<Path> files, Path workDir) {
    send(port, files, workDir, TIMEOUT);
  }

  /** As {@link #send(int, List, Path)}, within {@code timeout}. */
  public static void send(int port, List<Path> files, Path workDir, Duration timeout) {
    StoreScu.send(files, "127.0.0.1", port, "NEUROJEPA", AE_TITLE, workDir, timeout);
  }

  /** Every file of {@code series}, series by series. */
  public static List<Path> files(List<GeneratedSeries> series) {
    return series.stream().flatMap(s -> s.files().stream()).toList();
  }
}
