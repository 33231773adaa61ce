package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.convert.SeriesConverter;
import org.neurojepa.preprocessing.nifti.NiftiHeader;
import org.neurojepa.preprocessing.nifti.NiftiImage;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.fixtures.Degradation;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.junit.ExternalProcess;
import picocli.CommandLine;

/** {@code neurojepa classify} and {@code neurojepa convert} on a generated study. */
class ClassifyAndConvertCommandTest {
  @TempDir static Path work;
  static GeneratedStudy study;

  @BeforeAll
  static void generate() throws Exception {
    study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(3, 3, 3).rescale(0.5, -10).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(3, 3, 4).build())
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T2W).voxelSize(3, 3, 3).degrade(Degradation.MISSING_SLICES).build())
        .build(), work.resolve("study"));
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void classifyPrintsOneJsonObjectPerSeries() throws Exception {
    Run r = run(new ClassifyCommand(), study.directory().toString());
    assertEquals(0, r.exit(), r.err());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertEquals(4, lines.size(), r.out());
    assertEquals("T1w", lines.get(0).get("type").asText());
    assertEquals("FLAIR", lines.get(1).get("type").asText());
    assertEquals("LOCALIZER", lines.get(2).get("rejection").asText());
    assertEquals("INCONSISTENT_GEOMETRY", lines.get(3).get("rejection").asText());
    assertTrue(lines.get(3).get("reason").asText().contains("MISSING_SLICES"), lines.get(3).toString());
    assertTrue(lines.get(0).get("evidence").size() > 0);
    assertTrue(lines.get(0).get("confidence").asDouble() > 0.5);
  }

  @Test
  void classifyOfAnEmptyDirectoryFails() throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));
    Files.writeString(empty.resolve("readme.txt"), "not DICOM");
    Run r = run(new ClassifyCommand(), empty.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("readme.txt") && r.err().contains("NOT_DICOM"), r.err());
  }

  @Test
  void convertWritesANiftiWithSformAndQformEqualToTheConvertedVolume() throws Exception {
    Path seriesDir = study.series().get(0).directory();
    Path out = work.resolve("t1.nii.gz");
    Run r = run(new ConvertCommand(), seriesDir.toString(), out.toString());
    assertEquals(0, r.exit(), r.err());
    NiftiImage image = NiftiReader.readImage(out);
    NiftiHeader h = image.header();
    assertTrue(h.sformCode() > 0 && h.qformCode() > 0, "sform " + h.sformCode() + ", qform " + h.qformCode());
    Volume expected = new SeriesConverter().convertFiles(study.series().get(0).files());
    Volume written = image.volume();
    assertArrayEquals(new int[] {expected.nx(), expected.ny(), expected.nz()},
        new int[] {written.nx(), written.ny(), written.nz()});
    assertTrue(written.voxelToWorld().maxAbsDifference(expected.voxelToWorld()) < 1e-4);
    assertTrue(h.qform().orElseThrow().maxAbsDifference(expected.voxelToWorld()) < 1e-3);
    assertArrayEquals(expected.voxels(), written.voxels(), 0f);

    // nibabel reads it too, with the same affine from sform and qform.
    Path script = Files.writeString(work.resolve("check.py"), String.join("\n",
        "import sys, nibabel as nib, numpy as np",
        "img = nib.load(sys.argv[1])",
        "assert int(img.header['sform_code']) > 0 and int(img.header['qform_code']) > 0",
        "assert np.allclose(img.get_sform(), img.get_qform(), atol=1e-3), (img.get_sform(), img.get_qform())",
        "print(img.shape)", ""));
    ExternalProcess p = ExternalProcess.start("nibabel", List.of("/usr/bin/python3", script.toString(), out.toString()), work);
    try (p) {
      assertEquals(0, p.waitFor(Duration.ofMinutes(1)), p.output());
    }
  }

  @Test
  void convertRefusesABrokenSeriesWithItsReasonAndWritesNothing() {
    Path out = work.resolve("broken.nii.gz");
    Run r = run(new ConvertCommand(), study.series().get(3).directory().toString(), out.toString());
    assertEquals(3, r.exit());
    assertTrue(r.err().contains("MISSING_SLICES"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void convertAsksWhichSeriesWhenThereAreSeveral() {
    Path out = work.resolve("which.nii.gz");
    Run r = run(new ConvertCommand(), study.directory().toString(), out.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--series-uid"), r.err());
    assertFalse(Files.exists(out));
    Run chosen = run(new ConvertCommand(), study.directory().toString(), out.toString(), "--series-number", "2");
    assertEquals(0, chosen.exit(), chosen.err());
    assertTrue(Files.exists(out));
  }

  @Test
  void thePlainFormRunsWithoutPicocliExactlyAsWithIt() throws Exception {
    String[] dirs = {study.series().get(0).directory().toString(), study.series().get(3).directory().toString(),
        study.directory().toString()};
    int[] exits = {0, 3, 2};
    for (int i = 0; i < dirs.length; i++) {
      Path viaPicocli = work.resolve("picocli-" + i + ".nii.gz"), plain = work.resolve("plain-" + i + ".nii.gz");
      Run expected = run(new ConvertCommand(), dirs[i], viaPicocli.toString());
      StringWriter out = new StringWriter(), err = new StringWriter();
      java.util.OptionalInt exit = ConvertCommand.runPlainForm(new String[] {"convert", dirs[i], plain.toString()},
          new PrintWriter(out), new PrintWriter(err));
      assertEquals(exits[i], expected.exit(), expected.err());
      assertEquals(expected.exit(), exit.orElseThrow());
      assertEquals(withoutTime(expected.out()).replace(viaPicocli.toString(), "OUT"),
          withoutTime(out.toString()).replace(plain.toString(), "OUT"));
      assertEquals(expected.err(), err.toString());
      assertEquals(Files.exists(viaPicocli), Files.exists(plain));
      if (Files.exists(plain)) {
        assertArrayEquals(Files.readAllBytes(viaPicocli), Files.readAllBytes(plain));
      }
    }
    // Anything else is left to picocli.
    String dir = dirs[0], out = work.resolve("x.nii").toString();
    for (String[] args : new String[][] {{"convert", dir}, {"convert", dir, out, "--series-number", "1"},
        {"convert", "--help", out}, {"convert", "@args", out}, {"convert", dir, "-"}, {"classify", dir, out},
        {"convert", work.resolve("nowhere").toString(), out}, {"convert", "", out}}) {
      assertTrue(ConvertCommand.runPlainForm(args, new PrintWriter(new StringWriter()),
          new PrintWriter(new StringWriter())).isEmpty(), String.join(" ", args));
    }
  }

  private static String withoutTime(String out) {
    return out.replaceAll(" in \\d+ ms", "");
  }
}
