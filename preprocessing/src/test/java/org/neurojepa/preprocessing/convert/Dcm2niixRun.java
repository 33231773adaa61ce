package org.neurojepa.preprocessing.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.junit.ExternalProcess;

/** dcm2niix's conversion of a series, reoriented to the closest RAS by nibabel. */
record Dcm2niixRun(Volume rasVolume, Affine originalAffine, int sformCode, int qformCode) {

  static Dcm2niixRun of(Path work, Path seriesDir, String name) {
    try {
      Path out = Files.createDirectories(work.resolve("dcm2niix-" + name));
      ExternalProcess p = ExternalProcess.start("dcm2niix-" + name,
          List.of("dcm2niix", "-z", "n", "-b", "n", "-f", "out", "-o", out.toString(), seriesDir.toString()), work);
      try (p) {
        assertEquals(0, p.waitFor(Duration.ofMinutes(2)), p.output());
      }
      Path nii = out.resolve("out.nii");
      assertTrue(Files.exists(nii), "dcm2niix wrote no out.nii:\n" + p.output());
      return read(work, nii, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads any NIfTI through nibabel (reoriented to RAS). */
  static Dcm2niixRun read(Path work, Path nii, String name) throws IOException {
    Path script = GeneratedSeries.resource(work, "nifti_ras_dump.py");
    Path prefix = work.resolve("dump-" + name);
    ExternalProcess p = ExternalProcess.start("dump-" + name,
        List.of("/usr/bin/python3", script.toString(), nii.toString(), prefix.toString()), work);
    try (p) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(2)), p.output());
    }
    JsonNode meta = GeneratedSeries.JSON.readTree(prefix.resolveSibling(prefix.getFileName() + ".json").toFile());
    int nx = meta.get("shape").get(0).asInt(), ny = meta.get("shape").get(1).asInt(), nz = meta.get("shape").get(2).asInt();
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(prefix.resolveSibling(prefix.getFileName() + ".f32")))
        .order(ByteOrder.LITTLE_ENDIAN);
    float[] voxels = new float[nx * ny * nz];
    bytes.asFloatBuffer().get(voxels);
    return new Dcm2niixRun(new Volume(nx, ny, nz, voxels, affine(meta.get("affine"))),
        affine(meta.get("original_affine")), meta.get("sform_code").asInt(), meta.get("qform_code").asInt());
  }

  private static Affine affine(JsonNode a) {
    double[] m = new double[16];
    for (int i = 0; i < 16; i++) {
      m[i] = a.get(i).asDouble();
    }
    return Affine.ofRows(m);
  }
}
