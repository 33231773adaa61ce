package org.neurojepa.preprocessing.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.testkit.junit.ExternalProcess;

/** A DICOM series written by make_series.py (pydicom), with the geometry it was written with. */
record GeneratedSeries(Path dir, Affine lpsAffine, int slices, String seriesUid) {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Runs the generator with {@code spec} (its keys: see make_series.py) into {@code work/name}. */
  static GeneratedSeries write(Path work, String name, Map<String, Object> spec) {
    try {
      Path script = resource(work, "make_series.py");
      Path dir = work.resolve(name);
      java.util.Map<String, Object> full = new java.util.LinkedHashMap<>(spec);
      full.put("out", dir.toString());
      Path specFile = work.resolve(name + ".json");
      JSON.writeValue(specFile.toFile(), full);
      ExternalProcess p = ExternalProcess.start("make-" + name,
          List.of("/usr/bin/python3", script.toString(), specFile.toString()), work);
      try (p) {
        assertEquals(0, p.waitFor(Duration.ofMinutes(2)), p.output());
      }
      String out = p.output().strip();
      JsonNode result = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
      double[] m = new double[16];
      for (int i = 0; i < 16; i++) {
        m[i] = result.get("lps_affine").get(i).asDouble();
      }
      return new GeneratedSeries(dir, Affine.ofRows(m), result.get("slices").asInt(), result.get("series_uid").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Path> files() {
    try (var s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(Path work, String name) throws IOException {
    Path target = work.resolve(name);
    if (!Files.exists(target)) {
      try (InputStream in = GeneratedSeries.class.getResourceAsStream(name)) {
        Files.copy(java.util.Objects.requireNonNull(in, name), target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }
}
