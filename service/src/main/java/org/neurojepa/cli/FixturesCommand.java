package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurojepa.testkit.fixtures.Degradation;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.GroundTruth;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.SliceAlignment;
import org.neurojepa.testkit.fixtures.SliceOrientation;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.fixtures.SubjectPlacement;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neurojepa fixtures}: writes DICOM MR series generated from Colin27, with their ground
 * truth, for trying the node out and for tests outside the JVM.
 */
@Command(
    name = "fixtures",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate DICOM MR series of one study from the Colin27 template, each with a JSON ground truth.",
      "Each series goes to DIR/NNN_<SeriesDescription>/IM_NNNNN.dcm, its ground truth to DIR/NNN_<SeriesDescription>.json."
    },
    footer = {
      "",
      "Examples:",
      "  neurojepa fixtures --out /tmp/study --kind t1w --kind t2w --kind flair",
      "  neurojepa fixtures --out /tmp/obl --kind t1w --orient ax --rotate 15 --axis 1 1 0 --translate 5 -10 8",
      "  neurojepa fixtures --out /tmp/bad --kind flair --degrade bias --degrade noise --snr 12 --voxel-size 1 1 1.2"
    })
public final class FixturesCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into (created if missing).")
  Path out;

  @Option(names = "--kind", paramLabel = "KIND",
      description = "t1w, t2w, flair, localizer, dwi or derived; repeat for several series of one study (default: t1w).")
  List<String> kinds = new ArrayList<>();

  @Option(names = "--orient", paramLabel = "ORIENT",
      description = "Slice plane: sag, ax or cor (default: sag for t1w, ax otherwise).")
  String orientation;

  @Option(names = "--rotate", paramLabel = "DEG", defaultValue = "0",
      description = "Rotate the subject by DEG degrees (right-handed) about --axis (default: ${DEFAULT-VALUE}).")
  double rotate;

  @Option(names = "--axis", arity = "3", paramLabel = "X Y Z", hideParamSyntax = true,
      description = "Rotation axis in RAS (default: 0 0 1).")
  double[] axis = {0, 0, 1};

  @Option(names = "--translate", arity = "3", paramLabel = "X Y Z", hideParamSyntax = true,
      description = "Translate the subject by X Y Z mm in RAS (default: 0 0 0).")
  double[] translate = {0, 0, 0};

  @Option(names = "--scale", paramLabel = "S", defaultValue = "1",
      description = "Isotropic scale of the subject (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--align", paramLabel = "subject|scanner", defaultValue = "subject",
      description = "Slices follow the head (oblique ImageOrientationPatient) or stay on the scanner axes (default: ${DEFAULT-VALUE}).")
  String alignment;

  @Option(names = "--degrade", paramLabel = "FAULT",
      description = "bias, noise, ghost or missing-slices; repeatable.")
  List<String> degradations = new ArrayList<>();

  @Option(names = "--snr", paramLabel = "SNR", defaultValue = "20", description = "SNR of --degrade noise (default: ${DEFAULT-VALUE}).")
  double snr;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the random degradations (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--voxel-size", arity = "1..3", paramLabel = "MM [MM MM]", hideParamSyntax = true,
      description = "Voxel size in mm: one value (isotropic) or three (along row, down column, slice); default 1 (dwi 2, localizer 2 2 7).")
  double[] voxelSize;

  @Option(names = "--fov", arity = "3", paramLabel = "X Y Z", hideParamSyntax = true,
      description = "Field of view in mm along template x, y, z (default: 181 217 181, the whole head).")
  double[] fieldOfView;

  @Option(names = "--patient-id", paramLabel = "ID", description = "PatientID (default: NJ-COLIN27).")
  String patientId;

  @Option(names = "--patient-name", paramLabel = "NAME", description = "PatientName, DICOM PN form (default: COLIN^TWENTYSEVEN).")
  String patientName;

  @Option(names = "--study-uid", paramLabel = "UID", description = "StudyInstanceUID (default: fresh 2.25 UID).")
  String studyUid;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    StudySpec study;
    try {
      study = studySpec();
    } catch (IllegalArgumentException e) {
      err.println("fixtures: " + e.getMessage());
      err.println("Try 'neurojepa fixtures --help'.");
      return 2;
    }
    PrintWriter outWriter = spec.commandLine().getOut();
    try {
      GeneratedStudy written = FixtureGenerator.write(study, out);
      outWriter.println("study " + written.studyInstanceUid() + " in " + written.directory().toAbsolutePath());
      for (GeneratedSeries s : written.series()) {
        GroundTruth t = s.groundTruth();
        outWriter.printf("  %-9s %-32s %4d files  %s  truth %s%n",
            t.kind(), t.seriesDescription(), s.files().size(),
            s.directory().toAbsolutePath(), s.groundTruthFile().toAbsolutePath());
      }
      outWriter.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("fixtures: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("fixtures: cannot write to " + out + ": " + e.getMessage());
      return 1;
    }
  }

  private StudySpec studySpec() {
    StudySpec.Builder study = StudySpec.builder();
    if (patientId != null) {
      study.patientId(patientId);
    }
    if (patientName != null) {
      study.patientName(patientName);
    }
    if (studyUid != null) {
      study.studyInstanceUid(studyUid);
    }
    SubjectPlacement placement = new SubjectPlacement(rotate, axis, translate, scale);
    SliceAlignment align = switch (alignment.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "subject" -> SliceAlignment.SUBJECT;
      case "scanner" -> SliceAlignment.SCANNER;
      default -> throw new IllegalArgumentException("--align must be subject or scanner, got '" + alignment + "'");
    };
    List<String> kindWords = kinds.isEmpty() ? List.of("t1w") : kinds;
    for (String word : kindWords) {
      SeriesSpec.Builder s = SeriesSpec.builder()
          .kind(SeriesKind.parse(word))
          .placement(placement)
          .alignment(align)
          .snr(snr)
          .seed(seed);
      if (orientation != null) {
        s.orientation(SliceOrientation.parse(orientation));
      }
      if (voxelSize != null) {
        double[] v = voxelSize.length == 1 ? new double[] {voxelSize[0], voxelSize[0], voxelSize[0]} : voxelSize;
        if (v.length != 3) {
          throw new IllegalArgumentException("--voxel-size takes one or three values, got " + Arrays.toString(voxelSize));
        }
        s.voxelSize(v[0], v[1], v[2]);
      }
      if (fieldOfView != null) {
        s.fieldOfView(fieldOfView[0], fieldOfView[1], fieldOfView[2]);
      }
      for (String d : degradations) {
        s.degrade(Degradation.parse(d));
      }
      study.series(s.build());
    }
    return study.build();
  }
}
