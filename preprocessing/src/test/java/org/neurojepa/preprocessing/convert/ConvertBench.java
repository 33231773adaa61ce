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
 * 217×181): medians of several runs, in-process (warm JVM) and whole-process (a fresh JVM).
 */
@Tag("bench")
class ConvertBench {
  private static final int RUNS = 7;

  @TempDir Path work;

  @Test
  void convertAgainstDcm2niix() throws Exception {
    GeneratedSeries series = FixtureGenerator.write(SeriesSpec.builder().build(), work.resolve("series"));
    assertEquals(181, series.files().size());
    Map<String, Double> figures = new LinkedHashMap<>();
    figures.put("convert.series_slices", (double) series.files().size());

    // dcm2niix, whole process, uncompressed and gzip output.
    figures.put("convert.dcm2niix.process_ms", median(() -> dcm2niix(series.directory(), "n")));
    figures.put("convert.dcm2niix_gz.process_ms", median(() -> dcm2niix(series.directory(), "y")));

    // Ours in a warm JVM: DICOM files → Volume, and → .nii / .nii.gz.
    SeriesConverter converter = new SeriesConverter();
    for (int i = 0; i < 3; i++) {
      converter.convertFiles(series.files());
    }
    figures.put("convert.ours.in_process_volume_ms", median(() -> {
      long t = System.nanoTime();
      converter.convertFiles(series.files());
      return (System.nanoTime() - t) / 1e6;
    }));
    figures.put("convert.ours.in_process_nii_ms", median(() -> {
      long t = System.nanoTime();
      Volume v = converter.convertFiles(series.files());
      NiftiWriter.write(v, work.resolve("ours.nii"), DataType.INT16);
      return (System.nanoTime() - t) / 1e6;
    }));
    figures.put("convert.ours.in_process_nii_gz_ms", median(() -> {
      long t = System.nanoTime();
      Volume v = converter.convertFiles(series.files());
      NiftiWriter.write(v, work.resolve("ours.nii.gz"), DataType.INT16);
      return (System.nanoTime() - t) / 1e6;
    }));

    // Ours as a fresh process: java -cp … ConvertProcess DIR OUT.nii
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    figures.put("convert.ours.process_nii_ms", median(() -> process(List.of(java, "-cp", cp,
        ConvertProcess.class.getName(), series.directory().toString(), work.resolve("p.nii").toString()))));
    figures.put("convert.ours.process_nii_c1_ms", median(() -> process(List.of(java, "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xshare:auto", "-cp", cp, ConvertProcess.class.getName(), series.directory().toString(),
        work.resolve("p1.nii").toString()))));

    figures.put("convert.in_process_vs_dcm2niix_ratio",
        figures.get("convert.ours.in_process_nii_ms") / figures.get("convert.dcm2niix.process_ms"));
    figures.put("convert.process_vs_dcm2niix_ratio",
        figures.get("convert.ours.process_nii_c1_ms") / figures.get("convert.dcm2niix.process_ms"));
    figures.put("convert.cpu_cores", (double) Runtime.getRuntime().availableProcessors());

    StringBuilder text = new StringBuilder();
    figures.forEach((k, v) -> text.append(String.format(Locale.ROOT, "%s = %.3f%n", k, v)));
    System.out.print(text);
    Path dir = Path.of(System.getProperty("neurojepa.bench.out", "target/bench"));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("convert.txt"), text);
  }

  private interface Timed {
    double ms() throws Exception;
  }

  private static double median(Timed t) throws Exception {
    t.ms(); // warm the page cache and the process's files
    double[] v = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      v[i] = t.ms();
    }
    Arrays.sort(v);
    return v[RUNS / 2];
  }

  private double dcm2niix(Path dir, String gzip) throws Exception {
    Path out = Files.createDirectories(work.resolve("dcm2niix-" + gzip));
    return process(new ArrayList<>(List.of("dcm2niix", "-z", gzip, "-b", "n", "-f", "out", "-o", out.toString(),
        dir.toString())));
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
