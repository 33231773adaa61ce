package org.neurojepa.preprocessing.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.neurojepa.testkit.junit.ExternalProcess;

/** Runs a Python snippet under Debian's Python (which has nibabel and numpy) and returns its output. */
public final class Nibabel {
  private Nibabel() {}

  /** {@code sys.argv[1:]} are {@code args}; fails with the output when the script fails. */
  public static String run(Path workDir, String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script));
    cmd.addAll(List.of(args));
    try (ExternalProcess p = ExternalProcess.start("nibabel", cmd, workDir)) {
      int rc = p.waitFor(Duration.ofSeconds(60));
      String out = p.output();
      if (rc != 0) {
        throw new AssertionError("python exited " + rc + ":\n" + out);
      }
      return out;
    }
  }

  /** Whitespace-separated numbers printed by a script. */
  public static double[] numbers(String output) {
    String[] parts = output.trim().split("\\s+");
    double[] r = new double[parts.length];
    for (int k = 0; k < parts.length; k++) {
      r[k] = Double.parseDouble(parts[k]);
    }
    return r;
  }
}
