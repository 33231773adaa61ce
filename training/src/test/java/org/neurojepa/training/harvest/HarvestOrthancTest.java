package org.neurojepa.training.harvest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Rejection;
import org.neurojepa.training.dataset.RejectionLog;
import org.neurojepa.training.dataset.Split;
import org.neurojepa.training.harvest.ArchiveFixtures.Expected;
import org.neurojepa.training.harvest.internal.DatasetSettings;

/**
 * Harvest from a real Orthanc holding generated studies of three patients (T1w and FLAIR at 2 mm
 * and a localizer each): the dataset it writes, a second run that fetches nothing, a harvest
 * killed in the middle and run again, and bad input.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarvestOrthancTest {
  private static final String USER = "harvester";
  private static final String PASSWORD = "harvest-password";
  private static final byte[] SECRET = "the site secret of the harvest test".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path tmp;
  private static OrthancServer orthanc;
  private static ArchiveFixtures.Archive archive;
  private static PreprocessorSettings preprocessing;
  private static final PatientPseudonyms pseudonyms = new PatientPseudonyms(SECRET);
  /** Fractions that spread three patients over the splits, with a seed under which they take all three. */
  private static final double TRAIN = 0.4;
  private static final double VALIDATION = 0.3;
  private static long splitSeed;

  @BeforeAll
  static void startOrthancWithThreePatients() throws IOException {
    long t0 = System.nanoTime();
    archive = ArchiveFixtures.generate(tmp.resolve("fixtures"), ArchiveFixtures.patients(3));
    long t1 = System.nanoTime();
    orthanc = OrthancServer.builder().aeTitle("NJ_HARVEST_REST").user(USER, PASSWORD).syncStorage(false).start();
    archive.sendTo(orthanc, Files.createDirectories(tmp.resolve("storescu")));
    preprocessing = PreprocessorSettings.builder(Template.colin27()).build();
    splitSeed = seedSpreading(ArchiveFixtures.patients(3));
    System.out.printf("3 studies generated in %.1f s, uploaded in %.1f s%n", (t1 - t0) / 1e9,
        (System.nanoTime() - t1) / 1e9);
  }

  @AfterAll
  static void stopOrthanc() {
    if (orthanc != null) {
      orthanc.close();
    }
  }

  /** A harvest over a client whose every request {@code count} sees. */
  private static HarvestSummary harvest(Path dataset, ArchiveFixtures.RequestCount count, StudySelection selection,
      StringWriter console) throws Exception {
    OkHttpClient http = count.client();
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    try (OrthancRestSource source = new OrthancRestSource(OrthancClient.builder(orthanc.baseUrl())
        .credentials(USER, PASSWORD).httpClient(http).build())) {
      HarvestSummary s = Harvest.builder(dataset, source, preprocessing, pseudonyms).selection(selection).shardSize(4)
          .splits(splitSeed, TRAIN, VALIDATION)
          .scratchParent(scratch).progress(new ConsoleProgress(new PrintWriter(console))).build().run();
      try (Stream<Path> left = Files.list(scratch)) {
        assertEquals(List.of(), left.toList(), "the run's scratch space is gone");
      }
      return s;
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      System.out.print(console);
    }
  }

  @Test
  @Order(1)
  void harvestsEveryT1wAndFlairWithPatientLevelSplitsAndRejectsTheLocalizers() throws Exception {
    Path dataset = tmp.resolve("dataset");
    ArchiveFixtures.RequestCount count = new ArchiveFixtures.RequestCount();
    long t0 = System.nanoTime();
    HarvestSummary s = harvest(dataset, count, StudySelection.all(), new StringWriter());
    System.out.printf("first harvest: %.1f s, %d requests%n", (System.nanoTime() - t0) / 1e9, count.all().size());

    assertEquals(3, s.studiesFound());
    assertEquals(3, s.studiesComplete());
    assertEquals(6, s.seriesAccepted(), s.failures().toString());
    assertEquals(3, s.seriesRejected());
    assertEquals(0, s.seriesFailed(), s.failures().toString());
    assertEquals(Map.of("LOCALIZER", 3), s.rejectedByCode());
    assertEquals(9, count.downloads(), "one archive request per series: " + count.all());
    assertEquals(9, s.fetched().retrievals());
    assertTrue(s.fetched().bytes() > 1_000_000, "bytes fetched " + s.fetched().bytes());

    DatasetManifest manifest = DatasetManifest.read(dataset);
    Map<String, Expected> bySeries = archive.series().stream().collect(Collectors.toMap(Expected::seriesUid, e -> e));
    assertEquals(6, manifest.entries().size());
    Map<String, String> keyOfPatient = new HashMap<>();
    Map<String, Split> splitOfKey = new HashMap<>();
    for (DatasetEntry e : manifest.entries()) {
      Expected x = bySeries.get(e.seriesUid());
      assertEquals(x.kind() == SeriesKind.T1W ? SequenceType.T1W : SequenceType.FLAIR, e.sequence(), e.toString());
      assertEquals(x.studyUid(), e.studyUid());
      assertTrue(e.patient().matches("[0-9a-f]{32}"), e.patient());
      assertEquals(pseudonyms.key(x.patient().id()), e.patient());
      assertEquals(e.patient(), keyOfPatient.computeIfAbsent(x.patient().id(), id -> e.patient()));
      assertEquals(Split.forPatient(e.patient(), splitSeed, TRAIN, VALIDATION), e.split());
      assertEquals(e.split(), splitOfKey.computeIfAbsent(e.patient(), k -> e.split()), "one split per patient");
      Path file = manifest.file(e);
      assertEquals(DatasetManifest.sha256(file), e.sha256());
      assertTrue(e.file().matches("shard-000[01]/" + e.seriesUid().replace(".", "\\.") + "\\.nii\\.gz"), e.file());
      Volume input = NiftiReader.read(file);
      assertEquals(List.of(96, 108, 96), List.of(input.nx(), input.ny(), input.nz()));
      assertTrue(e.qc().get("mutual_information") > 0.45, e.qc().toString());
      assertEquals(Set.of("mutual_information", "psnr_db", "pearson"), e.qc().keySet());
    }
    assertEquals(3, keyOfPatient.size());
    assertEquals(3, Set.copyOf(keyOfPatient.values()).size(), "three patients, three keys");
    assertEquals(Set.of(Split.values()), Set.copyOf(splitOfKey.values()), "the seed spreads them over every split");
    assertEquals(List.of(4L, 2L), List.of(files(dataset.resolve("shard-0000")), files(dataset.resolve("shard-0001"))),
        "shards of at most 4 inputs");

    List<Rejection> rejections = RejectionLog.read(dataset).rejections();
    assertEquals(archive.of(SeriesKind.LOCALIZER).stream().map(Expected::seriesUid).sorted().toList(),
        rejections.stream().map(Rejection::seriesUid).sorted().toList());
    assertTrue(rejections.stream().allMatch(r -> r.stage() == Rejection.Stage.CLASSIFICATION
        && r.code().equals("LOCALIZER") && !r.reason().isBlank()), rejections.toString());
    assertTrue(Files.isRegularFile(dataset.resolve(DatasetSettings.FILE_NAME)));

    assertNoPatientDataIn(dataset);
  }

  @Test
  @Order(2)
  void aSecondRunFetchesNothingAndChangesNothing() throws Exception {
    Path dataset = tmp.resolve("dataset");
    Map<String, byte[]> before = contents(dataset);
    ArchiveFixtures.RequestCount count = new ArchiveFixtures.RequestCount();
    StringWriter console = new StringWriter();
    HarvestSummary s = harvest(dataset, count, StudySelection.all(), console);
    assertEquals(0, count.downloads(), "nothing downloaded: " + count.all());
    assertEquals(0, s.fetched().retrievals());
    assertEquals(0, s.fetched().bytes());
    assertEquals(4, s.fetched().queries(), "one study query, one series query per study");
    assertEquals(4, count.all().size(), "the queries are all it asked: " + count.all());
    assertEquals(9, s.seriesAlreadyDone());
    assertEquals(0, s.seriesAccepted() + s.seriesRejected() + s.seriesFailed());
    assertEquals(3, s.studiesComplete());
    Map<String, byte[]> after = contents(dataset);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " changed"));
    assertTrue(console.toString().contains("0 accepted, 0 rejected, 9 already in the dataset, 0 failed"), console.toString());
  }

  @Test
  @Order(3)
  void aHarvestKilledInTheMiddleOfASeriesCompletesOnTheNextRunWithoutDuplicates() throws Exception {
    Path dataset = tmp.resolve("killed");
    Expected t1 = archive.of(SeriesKind.T1W).get(1);
    String day = t1.patient().studyDate().toString();
    Path work = Files.createDirectories(tmp.resolve("child"));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + work, HarvestRun.class.getName(),
        orthanc.baseUrl(), USER, PASSWORD, dataset.toString(), HexFormat.of().formatHex(SECRET), day, day, "4",
        Long.toString(splitSeed), Double.toString(TRAIN), Double.toString(VALIDATION));
    int linesWhenKilled;
    try (ExternalProcess child = ExternalProcess.start("harvest-child", command, work)) {
      // the T1w (series 1) is listed once its line is there; the FLAIR (series 2) is then being fetched or preprocessed
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (manifestLines(dataset) < 1) {
        assertTrue(child.isAlive(), "the child harvest ended early:\n" + child.output());
        assertTrue(System.nanoTime() < deadline, "no manifest line within 5 minutes:\n" + child.output());
        Thread.sleep(20);
      }
      child.kill();
      child.waitFor(Duration.ofSeconds(30));
      linesWhenKilled = manifestLines(dataset);
      System.out.println("child harvest killed with " + linesWhenKilled + " manifest line(s):\n" + child.output());
    }
    assertEquals(1, linesWhenKilled, "killed in the middle of the second series");
    assertEquals(List.of(t1.seriesUid()),
        DatasetManifest.read(dataset).entries().stream().map(DatasetEntry::seriesUid).toList());

    ArchiveFixtures.RequestCount count = new ArchiveFixtures.RequestCount();
    LocalDate date = t1.patient().studyDate();
    HarvestSummary s = harvest(dataset, count, new StudySelection(Optional.of(date), Optional.of(date),
        Optional.empty(), 0), new StringWriter());
    assertEquals(1, s.seriesAlreadyDone());
    assertEquals(1, s.seriesAccepted());
    assertEquals(1, s.seriesRejected());
    assertEquals(2, count.downloads(), "the T1w is not fetched again: " + count.all());
    DatasetManifest manifest = DatasetManifest.read(dataset); // a series listed twice would not read
    assertEquals(List.of(t1.seriesUid(), archive.of(SeriesKind.FLAIR).get(1).seriesUid()),
        manifest.entries().stream().map(DatasetEntry::seriesUid).toList());
    Set<String> listed = manifest.entries().stream().map(DatasetEntry::file).collect(Collectors.toSet());
    try (Stream<Path> all = Files.walk(dataset)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String rel = dataset.relativize(f).toString();
        assertFalse(rel.endsWith(".part"), "a temporary file is left: " + rel);
        if (rel.startsWith("shard-")) {
          assertTrue(listed.contains(rel), "a model input no manifest line lists: " + rel);
        }
      }
    }
    for (DatasetEntry e : manifest.entries()) {
      assertEquals(DatasetManifest.sha256(manifest.file(e)), e.sha256());
    }
    assertEquals(1, RejectionLog.read(dataset).rejections().size());
  }

  @Test
  @Order(4)
  void aDateRangeWithNothingInItMakesAnEmptyDatasetAndSaysSo() throws Exception {
    Path dataset = tmp.resolve("empty");
    ArchiveFixtures.RequestCount count = new ArchiveFixtures.RequestCount();
    StringWriter console = new StringWriter();
    HarvestSummary s = harvest(dataset, count, new StudySelection(Optional.of(LocalDate.of(2023, 1, 1)),
        Optional.of(LocalDate.of(2023, 12, 31)), Optional.empty(), 0), console);
    assertEquals(0, s.studiesFound());
    assertEquals(0, s.datasetEntries());
    assertEquals(List.of(), DatasetManifest.read(dataset).entries());
    assertEquals(0, count.downloads());
    assertTrue(console.toString().contains("no study in Orthanc at " + orthanc.baseUrl() + " matches (MR, 2023-01-01 to 2023-12-31)"),
        console.toString());
  }

  @Test
  @Order(5)
  void anArchiveThatIsDownOrRefusesUsAndADatasetOfOtherSettingsAreClearErrors() throws Exception {
    Path dataset = tmp.resolve("errors");
    int nobody = FreePorts.loopback();
    try (OrthancRestSource down = new OrthancRestSource(OrthancClient.builder("http://127.0.0.1:" + nobody + "/")
        .retries(0).build())) {
      HarvestException e = assertThrows(HarvestException.class,
          () -> Harvest.builder(dataset, down, preprocessing, pseudonyms).build().run());
      assertTrue(e.getMessage().contains("Orthanc at http://127.0.0.1:" + nobody + "/ is down"), e.getMessage());
      assertFalse(Files.exists(dataset.resolve(DatasetSettings.FILE_NAME)), "a run that could not start records nothing");
    }
    try (OrthancRestSource wrong = new OrthancRestSource(OrthancClient.builder(orthanc.baseUrl())
        .credentials(USER, "not-the-password").build())) {
      HarvestException e = assertThrows(HarvestException.class,
          () -> Harvest.builder(dataset, wrong, preprocessing, pseudonyms).build().run());
      assertTrue(e.getMessage().contains("refused our credentials"), e.getMessage());
      assertFalse(e.getMessage().contains("not-the-password"), "no password in messages");
    }
    Path made = tmp.resolve("dataset");
    try (OrthancRestSource source = new OrthancRestSource(OrthancClient.builder(orthanc.baseUrl())
        .credentials(USER, PASSWORD).build())) {
      HarvestException split = assertThrows(HarvestException.class,
          () -> Harvest.builder(made, source, preprocessing, pseudonyms).splits(0, 0.7, 0.2).build().run());
      assertTrue(split.getMessage().contains("a patient could land in two splits"), split.getMessage());
      HarvestException secret = assertThrows(HarvestException.class, () -> Harvest.builder(made, source, preprocessing,
          new PatientPseudonyms("another secret, another site!".getBytes(StandardCharsets.UTF_8))).build().run());
      assertTrue(secret.getMessage().contains("another pseudonym secret"), secret.getMessage());
      try (FileChannel ch = FileChannel.open(made.resolve(Harvest.LOCK_FILE), StandardOpenOption.WRITE);
          FileLock held = ch.lock()) {
        HarvestException locked = assertThrows(HarvestException.class,
            () -> Harvest.builder(made, source, preprocessing, pseudonyms).build().run());
        assertTrue(locked.getMessage().contains("another harvest is writing"), locked.getMessage());
      }
    }
    assertEquals(6, DatasetManifest.read(made).entries().size(), "refused runs leave the dataset as it was");
  }

  /** The first seed under which the three patients' keys fall into three different splits. */
  private static long seedSpreading(List<ArchiveFixtures.Patient> patients) {
    for (long seed = 0; ; seed++) {
      Set<Split> splits = java.util.EnumSet.noneOf(Split.class);
      for (ArchiveFixtures.Patient p : patients) {
        splits.add(Split.forPatient(pseudonyms.key(p.id()), seed, TRAIN, VALIDATION));
      }
      if (splits.size() == 3) {
        return seed;
      }
    }
  }

  /** Neither a PatientID nor a patient name in any byte of the dataset, compressed or not. */
  private static void assertNoPatientDataIn(Path dataset) throws IOException {
    List<String> forbidden = new ArrayList<>();
    for (ArchiveFixtures.Patient p : ArchiveFixtures.patients(3)) {
      forbidden.add(p.id());
      forbidden.add(p.name());
      forbidden.add(p.name().replace('^', ' '));
    }
    try (Stream<Path> all = Files.walk(dataset)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        byte[] raw = Files.readAllBytes(f);
        List<byte[]> views = new ArrayList<>(List.of(raw));
        if (f.toString().endsWith(".gz")) {
          try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            views.add(in.readAllBytes());
          }
        }
        for (byte[] bytes : views) {
          String text = new String(bytes, StandardCharsets.ISO_8859_1);
          for (String s : forbidden) {
            assertFalse(text.contains(s), s + " found in " + f);
          }
        }
        assertFalse(f.getFileName().toString().contains("NJH-PAT"), f.toString());
      }
    }
  }

  private static long files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private static int manifestLines(Path dataset) throws IOException {
    Path m = dataset.resolve(DatasetManifest.FILE_NAME);
    if (!Files.exists(m)) {
      return 0;
    }
    byte[] b = Files.readAllBytes(m);
    int n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> m = new HashMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return m;
  }
}
