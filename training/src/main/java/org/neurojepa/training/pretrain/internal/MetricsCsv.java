package org.neurojepa.training.pretrain.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * metrics.csv: one row per step — step, loss, lr, grad_norm, seconds, then one
 * load_violation.&lt;layer&gt; column per MoE layer. Appended and flushed row by row; on resume, rows
 * after the checkpoint's step are dropped so the file never holds a step twice.
 */
public final class MetricsCsv {
  private final Path file;
  private final List<String> layers;

  public MetricsCsv(Path file, List<String> moeLayers) {
    this.file = file;
    this.layers = List.copyOf(moeLayers);
  }

  public String header() {
    StringBuilder b = new StringBuilder("step,loss,lr,grad_norm,seconds");
    for (String l : layers) {
      b.append(",load_violation.").append(l);
    }
    return b.toString();
  }

  /** Starts the file (fresh run) or truncates it to steps ≤ {@code keepUpTo} (resumed run). */
  public void open(long keepUpTo, boolean resume) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(header());
    if (resume && Files.isRegularFile(file)) {
      List<String> old = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 1; i < old.size(); i++) {
        String row = old.get(i);
        int comma = row.indexOf(',');
        if (comma > 0 && Long.parseLong(row.substring(0, comma)) <= keepUpTo) {
          lines.add(row);
        }
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  public void append(long step, double loss, double lr, double gradNorm, double seconds, double[] violation)
      throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(step).append(',').append(fmt(loss)).append(',').append(fmt(lr)).append(',').append(fmt(gradNorm))
        .append(',').append(fmt(seconds));
    for (double v : violation) {
      b.append(',').append(fmt(v));
    }
    b.append('\n');
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      w.write(b.toString());
    }
  }

  /** Steps and losses of every row (for the loss curve). */
  public Series read() throws IOException {
    List<String> rows = Files.readAllLines(file, StandardCharsets.UTF_8);
    long[] steps = new long[rows.size() - 1];
    double[] loss = new double[rows.size() - 1];
    for (int i = 1; i < rows.size(); i++) {
      String[] f = rows.get(i).split(",");
      steps[i - 1] = Long.parseLong(f[0]);
      loss[i - 1] = Double.parseDouble(f[1]);
    }
    return new Series(steps, loss);
  }

  /** Steps and their losses. */
  public record Series(long[] steps, double[] loss) {}

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.9g", v);
  }
}
