package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.fhir.report.ValidationIssue;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import picocli.CommandLine;

/** {@code neurojepa analyze} on a generated study: the same stages in-process, a valid Bundle out. */
class AnalyzeCommandTest {
  @TempDir Path dir;

  @Test
  void analyzesAGeneratedStudyIntoAValidBundle() throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .series(SeriesSpec.builder().kind(SeriesKind.FLAIR).voxelSize(2, 2, 2).seriesNumber(3).build())
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .build(), dir.resolve("study"));
    Path bundleFile = dir.resolve("out/bundle.json");
    Path artefacts = dir.resolve("artefacts");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AnalyzeCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    long t0 = System.nanoTime();
    int exit = cli.execute(study.directory().toString(), "--model-variant", "tiny", "--threads", "2",
        "--fhir-out", bundleFile.toString(), "--artefacts", artefacts.toString());
    System.out.printf("analyze (3 series, tiny) took %.1f s:%n%s", (System.nanoTime() - t0) / 1e9, out);
    assertEquals(0, exit, err + "\n" + out);
    String text = out.toString();
    assertTrue(text.contains("T1w, QC MI"), text);
    assertTrue(text.contains("FLAIR, QC MI"), text);
    assertTrue(text.contains("rejected (classification: LOCALIZER"), text);
    assertTrue(text.contains("model tiny untrained-0"), text);
    assertTrue(text.contains("2 of 3 series used"), text);

    ReportValidator validator = new ReportValidator();
    Bundle bundle = validator.context().newJsonParser().parseResource(Bundle.class, Files.readString(bundleFile));
    List<ValidationIssue> errors = validator.errors(bundle);
    assertEquals(List.of(), errors);
    assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
    DiagnosticReport report = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(DiagnosticReport.class::isInstance).map(DiagnosticReport.class::cast).findFirst().orElseThrow();
    assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, report.getStatus());
    String json = Files.readString(bundleFile);
    assertTrue(json.contains(study.studyInstanceUid()), "the ImagingStudy names the study");
    assertTrue(json.contains("LOCALIZER"), "the localizer's rejection is in the technical observations");
    // artefacts kept where asked, one folder per kept series
    for (int i = 0; i < 2; i++) {
      Path g1 = artefacts.resolve(study.series().get(i).groundTruth().identity().seriesInstanceUid()).resolve("g1");
      for (String f : List.of("registered.nii.gz", "mask.nii.gz", "input.nii.gz", "preprocess.json",
          "embedding.safetensors")) {
        assertTrue(Files.isRegularFile(g1.resolve(f)), g1.resolve(f) + " is missing");
      }
    }
  }

  @Test
  void aFolderWithoutDicomIsAClearError() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    Files.writeString(dir.resolve("empty/notes.txt"), "not DICOM");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AnalyzeCommand());
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute(dir.resolve("empty").toString(), "--model-variant", "tiny"));
    assertTrue(err.toString().contains("no DICOM image"), err.toString());
  }
}
