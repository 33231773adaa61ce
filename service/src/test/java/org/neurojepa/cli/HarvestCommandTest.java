package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.testkit.junit.FreePorts;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.StoreScu;
import org.neurojepa.training.dataset.DatasetManifest;
import picocli.CommandLine;

/**
 * {@code neurojepa harvest} as a user runs it, against a real Orthanc with one generated study (a
 * T1w at 2 mm and a localizer): a harvest, a second run, pretraining on the dataset, and the exit
 * codes and messages for bad input.
 */
class HarvestCommandTest {
  private static final String USER = "cli";
  private static final String PASSWORD = "cli-password";
  private static final String PACS_AET = "NJ_CLI_PACS";
  private static final String OUR_AET = "NJ_CLI_HARVEST";

  @TempDir static Path tmp;
  private static OrthancServer orthanc;
  private static GeneratedStudy study;
  private static int ourPort;

  @BeforeAll
  static void startOrthanc() throws Exception {
    study = FixtureGenerator.write(StudySpec.builder().patientId("NJ-CLI-1")
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(2).build()).build(), tmp.resolve("study"));
    ourPort = FreePorts.loopback();
    orthanc = OrthancServer.builder().aeTitle(PACS_AET).user(USER, PASSWORD).syncStorage(false)
        .modality("harvest", OUR_AET, "127.0.0.1", ourPort).start();
    StoreScu.send(study.series().stream().flatMap(s -> s.files().stream()).toList(), "127.0.0.1", orthanc.dicomPort(),
        PACS_AET, Files.createDirectories(tmp.resolve("storescu")), Duration.ofMinutes(1));
  }

  @AfterAll
  static void stopOrthanc() {
    if (orthanc != null) {
      orthanc.close();
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = NeuroJepaCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    System.out.print(out);
    System.out.print(err);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String[] orthancArgs(Path dataset, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("harvest", "--out", dataset.toString(),
        "--orthanc", orthanc.baseUrl(), "--orthanc-user", USER, "--orthanc-password", PASSWORD,
        "--scratch", tmp.resolve("scratch").toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void harvestsFromOrthancThenFetchesNothingThenPretrainsOnTheDataset() throws Exception {
    Path dataset = tmp.resolve("site").resolve("dataset");
    // every patient in train: the pretraining below needs a train split
    Run first = run(orthancArgs(dataset, "--train", "1", "--validation", "0", "--body-part", "BRAIN"));
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("this run 1 accepted, 1 rejected (LOCALIZER 1)"), first.out());
    Path secret = tmp.resolve("site").resolve("dataset.secret");
    assertTrue(first.out().contains("pseudonym secret from the file " + secret + " (created now)"), first.out());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    DatasetManifest manifest = DatasetManifest.read(dataset);
    assertEquals(1, manifest.entries().size());
    assertEquals(SequenceType.T1W, manifest.entries().get(0).sequence());

    Run second = run(orthancArgs(dataset, "--train", "1", "--validation", "0", "--body-part", "BRAIN"));
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().contains("fetched 0 series (0 instances, 0.0 MB)"), second.out());
    assertEquals(manifest.sha256(), DatasetManifest.read(dataset).sha256());

    Run other = run(orthancArgs(dataset, "--body-part", "BRAIN"));
    assertEquals(2, other.exit());
    assertTrue(other.err().contains("a patient could land in two splits"), other.err());

    Path trained = tmp.resolve("pretrained");
    Run pretrain = run("pretrain", "--config", "tiny", "--data", dataset.toString(), "--out", trained.toString(),
        "--steps", "2", "--batch", "1", "--checkpoint-every", "0");
    assertEquals(0, pretrain.exit(), pretrain.err());
    assertEquals(3, Files.readAllLines(trained.resolve("metrics.csv")).size(), "a header and two steps");
    String checkpoint = Files.readString(trained.resolve("checkpoints/step-0000002/neurojepa.json"));
    assertTrue(checkpoint.contains("1 train volumes of dataset " + dataset + " (manifest sha256 " + manifest.sha256()),
        "the checkpoint names the dataset it was trained on: " + checkpoint);
  }

  @Test
  void aPacsByCFindAndCMoveThroughTheCommandLine() {
    Path dataset = tmp.resolve("pacs");
    String[] pacs = {"harvest", "--out", dataset.toString(), "--pacs", "127.0.0.1:" + orthanc.dicomPort(),
        "--pacs-aet", PACS_AET, "--local-port", Integer.toString(ourPort), "--local-bind", "127.0.0.1",
        "--scratch", tmp.resolve("scratch").toString(), "--to", "20001231", "--local-aet"};
    Run nothing = run(concat(pacs, OUR_AET));
    assertEquals(0, nothing.exit(), nothing.err());
    assertTrue(nothing.out().contains("no study in PACS " + PACS_AET) && nothing.out().contains("nothing to do"),
        nothing.out());
    Run stranger = run(concat(pacs, "NJ_UNKNOWN"));
    assertEquals(2, stranger.exit());
    assertTrue(stranger.err().contains("cannot query the PACS") && stranger.err().contains("is NJ_UNKNOWN configured there"),
        stranger.err());
  }

  @Test
  void badInputExitsWithTwoAndSaysWhy() {
    Path dataset = tmp.resolve("bad");
    int nobody = FreePorts.loopback();
    Run down = run("harvest", "--out", dataset.toString(), "--orthanc", "http://127.0.0.1:" + nobody + "/");
    assertEquals(2, down.exit());
    assertTrue(down.err().contains("harvest: Orthanc at http://127.0.0.1:" + nobody + "/ is down"), down.err());

    Run wrong = run("harvest", "--out", dataset.toString(), "--orthanc", orthanc.baseUrl(), "--orthanc-user", USER,
        "--orthanc-password", "wrong");
    assertEquals(2, wrong.exit());
    assertTrue(wrong.err().contains("refused our credentials"), wrong.err());

    Run date = run(orthancArgs(dataset, "--from", "2024-13-45"));
    assertEquals(2, date.exit());
    assertTrue(date.err().contains("--from takes a date as YYYYMMDD"), date.err());

    Run noSource = run("harvest", "--out", dataset.toString());
    assertEquals(2, noSource.exit());
    assertTrue(noSource.err().contains("--orthanc") && noSource.err().contains("--pacs"), noSource.err());

    Run both = run("harvest", "--out", dataset.toString(), "--orthanc", orthanc.baseUrl(), "--pacs", "h:1",
        "--pacs-aet", "A", "--local-aet", "B", "--local-port", "1");
    assertEquals(2, both.exit());

    Run badPacs = run("harvest", "--out", dataset.toString(), "--pacs", "no-port", "--pacs-aet", "A",
        "--local-aet", "B", "--local-port", "0");
    assertEquals(2, badPacs.exit());
    assertTrue(badPacs.err().contains("--pacs takes HOST:PORT"), badPacs.err());

    Path inside = dataset.resolve("secret");
    Run secretInside = run(orthancArgs(dataset, "--secret-file", inside.toString()));
    assertEquals(2, secretInside.exit());
    assertTrue(secretInside.err().contains("inside the dataset"), secretInside.err());
  }

  private static String[] concat(String[] a, String b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }
}
