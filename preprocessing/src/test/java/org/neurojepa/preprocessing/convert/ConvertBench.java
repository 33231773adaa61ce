package org.neurojepa.preprocessing.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.nifti.DataType;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.junit.ExternalProcess;

/**
 * Our conversion against dcm2niix on the same 181-slice sagittal 1 mm MPRAGE (181 files of
 * 217×181): medians of several interleaved rounds. The figure that counts is the real command,
 * {@code ./neurojepa convert DIR OUT} through the launcher as a user runs it (after
 * {@code make build}: the extracted jar, its class-data-sharing archive, the launcher's JVM
 * options), to .nii against {@code dcm2niix -z n} and to .nii.gz against {@code dcm2niix -z y}
 * (its default gzip level 6; no pigz here) and {@code dcm2niix -1 -z y} (level 1, as ours).
 * Beside it: in-process (a warm JVM) and a bare main on the test class path (a fresh JVM without
 * the launcher). Without a built service the command's figures are left out, and say so.
 */
@Tag("bench")
class ConvertBench {
  private static final int RUNS = 9;

  @TempDir Path work;

  @Test
  void convertAgainstDcm2niix() throws Exception {
    GeneratedSeries series = FixtureGenerator.write(SeriesSpec.builder().build(), work.resolve("series"));
    assertEquals(181, series.files().size());
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("convert.series_slices", (double) series.files().size());

    SeriesConverter converter = new SeriesConverter();
    // Warm up: the JIT compiles the parser and the pixel loops after a few series.
    for (int i = 0; i < 15; i++) {
      converter.convertFiles(series.files());
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    Path dir = series.directory();
    // The machine is shared: the contenders take turns in every round, so that a busy spell
    // slows all of them rather than one.
    Map<String, Timed> contenders = new LinkedHashMap<>();
    contenders.put("convert.dcm2niix.process_ms", () -> dcm2niix(dir, "n"));
    contenders.put("convert.dcm2niix_gz.process_ms", () -> dcm2niix(dir, "y"));
    // gzip level 1, as ours (dcm2niix's default is 6: smaller files, slower)
    contenders.put("convert.dcm2niix_gz1.process_ms", () -> dcm2niix(dir, "y", "-1"));
    contenders.put("convert.ours.in_process_volume_ms", () -> {
      long t = System.nanoTime();
      converter.convertFiles(series.files());
      return (System.nanoTime() - t) / 1e6;
    });
    contenders.put("convert.ours.in_process_nii_ms", () -> {
      long t = System.nanoTime();
      Volume v = converter.convertFiles(series.files());
      NiftiWriter.write(v, work.resolve("ours.nii"), DataType.INT16);
      return (System.nanoTime() - t) / 1e6;
    });
    contenders.put("convert.ours.in_process_nii_gz_ms", () -> {
      long t = System.nanoTime();
      Volume v = converter.convertFiles(series.files());
      NiftiWriter.write(v, work.resolve("ours.nii.gz"), DataType.INT16);
      return (System.nanoTime() - t) / 1e6;
    });
    contenders.put("convert.ours.process_nii_ms", () -> process(List.of(java, "-cp", cp,
        ConvertProcess.class.getName(), dir.toString(), work.resolve("p.nii").toString())));
    contenders.put("convert.ours.process_nii_c1_ms", () -> process(List.of(java, "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-cp", cp, ConvertProcess.class.getName(), dir.toString(),
        work.resolve("p1.nii").toString())));
    Path launcher = launcher();
    boolean built = Files.isRegularFile(launcher.resolveSibling("service/target/neurojepa.jar"));
    if (built) {
      contenders.put("convert.ours.command_nii_ms", () -> process(List.of(launcher.toString(), "convert",
          dir.toString(), work.resolve("c.nii").toString())));
      contenders.put("convert.ours.command_nii_gz_ms", () -> process(List.of(launcher.toString(), "convert",
          dir.toString(), work.resolve("c.nii.gz").toString())));
    } else {
      System.out.println("convert: no service/target/neurojepa.jar (make build): the command's figures are left out");
    }
    figures.put("convert.command.cds_archive",
        Files.isRegularFile(launcher.resolveSibling("service/target/neurojepa/neurojepa.jsa")) ? 1.0 : 0.0);
    Map<String, double[]> times = new LinkedHashMap<>();
    contenders.keySet().forEach(k -> times.put(k, new double[RUNS]));
    for (Timed t : contenders.values()) {
      t.ms(); // page cache, process start-up files
    }
    for (int round = 0; round < RUNS; round++) {
      for (Map.Entry<String, Timed> c : contenders.entrySet()) {
        times.get(c.getKey())[round] = c.getValue().ms();
      }
    }
    times.forEach((k, v) -> figures.put(k, median(v)));

    figures.put("convert.in_process_vs_dcm2niix_ratio",
        figures.get("convert.ours.in_process_nii_ms") / figures.get("convert.dcm2niix.process_ms"));
    figures.put("convert.process_vs_dcm2niix_ratio",
        figures.get("convert.ours.process_nii_c1_ms") / figures.get("convert.dcm2niix.process_ms"));
    if (built) {
      figures.put("convert.command_vs_dcm2niix_ratio",
          figures.get("convert.ours.command_nii_ms") / figures.get("convert.dcm2niix.process_ms"));
      figures.put("convert.command_gz_vs_dcm2niix_gz_ratio",
          figures.get("convert.ours.command_nii_gz_ms") / figures.get("convert.dcm2niix_gz.process_ms"));
      figures.put("convert.command_gz_vs_dcm2niix_gz1_ratio",
          figures.get("convert.ours.command_nii_gz_ms") / figures.get("convert.dcm2niix_gz1.process_ms"));
    }
    figures.put("convert.cpu_cores", (double) Runtime.getRuntime().availableProcessors());

    StringBuilder text = new StringBuilder();
    figures.forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s = %.3f%n", k, v)));
    System.out.print(text);
    Path out = Path.of(System.getProperty("neurojepa.bench.out", "target/bench"));
    Files.createDirectories(out);
    Files.writeString(out.resolve("convert.txt"), text);
  }

  private interface Timed {
    double ms() throws Exception;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /** The repository's ./neurojepa: the module's parent folder (Surefire runs in the module). */
  private static Path launcher() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent()
        .resolve("neurojepa");
  }

  private double dcm2niix(Path dir, String gzip, String... options) throws Exception {
    Path out = Files.createDirectories(work.resolve("dcm2niix-" + gzip + String.join("", options)));
    // -w 1: overwrite, as our command replaces its output
    List<String> command = new ArrayList<>(List.of("dcm2niix"));
    command.addAll(List.of(options));
    command.addAll(List.of("-w", "1", "-z", gzip, "-b", "n", "-f", "out", "-o", out.toString(), dir.toString()));
    return process(command);
  }

  private double process(List<String> command) {
    long t = System.nanoTime();
    try (ExternalProcess p = ExternalProcess.start("bench", command, work)) {
      int exit = p.waitFor(Duration.ofMinutes(2));
      double ms = (System.nanoTime() - t) / 1e6;
      assertEquals(0, exit, p.output());
      return ms;
    }
  }
}
