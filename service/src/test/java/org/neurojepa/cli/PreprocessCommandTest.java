package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.testkit.fixtures.Degradation;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.SliceOrientation;
import org.neurojepa.testkit.fixtures.SubjectPlacement;
import picocli.CommandLine;

/** neurojepa preprocess on generated series: the artefacts of an accepted scan, and clear refusals. */
class PreprocessCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = NeuroJepaCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void obliqueT1SeriesIsRegisteredAndItsArtefactsWritten() throws Exception {
    GeneratedSeries t1 = FixtureGenerator.write(SeriesSpec.builder().kind(SeriesKind.T1W)
        .orientation(SliceOrientation.AXIAL).voxelSize(2, 2, 2)
        .placement(SubjectPlacement.of(10, new double[] {1, 0, 0}, new double[] {4, -6, 8}))
        .build(), dir.resolve("t1"));
    Path outDir = dir.resolve("out");
    assertEquals(0, run("preprocess", t1.directory().toString(), outDir.toString()), out + "\n" + err);
    for (String f : new String[] {"registered.nii.gz", "mask.nii.gz", "input.nii.gz", "preprocess.json"}) {
      assertTrue(Files.size(outDir.resolve(f)) > 0, f);
    }
    JsonNode report = new ObjectMapper().readTree(outDir.resolve("preprocess.json").toFile());
    assertTrue(report.toString().contains("T1W"), report.toString());
    assertTrue(out.toString().contains("classified as T1w"), out.toString());
  }

  @Test
  void refusesWhatItCannotPreprocess() throws Exception {
    GeneratedSeries localizer = FixtureGenerator.write(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).build(),
        dir.resolve("loc"));
    assertEquals(3, run("preprocess", localizer.directory().toString(), dir.resolve("o1").toString()));
    assertTrue(err.toString().contains("LOCALIZER"), err.toString());

    GeneratedSeries gap = FixtureGenerator.write(SeriesSpec.builder().kind(SeriesKind.T1W)
        .orientation(SliceOrientation.AXIAL).voxelSize(3, 3, 3).degrade(Degradation.MISSING_SLICES).build(),
        dir.resolve("gap"));
    assertEquals(3, run("preprocess", gap.directory().toString(), dir.resolve("o2").toString(), "--contrast", "T1W"));
    assertTrue(err.toString().contains("MISSING_SLICES"), err.toString());

    Path nifti = dir.resolve("x.nii.gz");
    Files.writeString(nifti, "not a volume");
    assertEquals(2, run("preprocess", nifti.toString(), dir.resolve("o3").toString()), "NIfTI needs --contrast");
  }
}
