package org.neurojepa.preprocessing.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Figures a bench prints and writes to {@code <neurojepa.bench.out>/<name>.txt}, one "key = value" per line. */
public final class BenchFigures {
  private final String name;
  private final Map<String, String> figures = new LinkedHashMap<>();

  public BenchFigures(String name) {
    this.name = name;
  }

  public void put(String key, double value) {
    figures.put(key, String.format(Locale.ROOT, "%.4g", value));
  }

  public void put(String key, String value) {
    figures.put(key, value);
  }

  public void write() {
    StringBuilder s = new StringBuilder();
    figures.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
    System.out.print(s);
    // Surefire runs in the module directory; without the property, the build's root target/bench
    // is where `make bench` collects figures.
    String dir = System.getProperty("neurojepa.bench.out", "../target/bench");
    try {
      Path d = Files.createDirectories(Path.of(dir));
      Files.writeString(d.resolve(name + ".txt"), s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
