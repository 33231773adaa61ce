package org.neurojepa.pacs.orthanc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.orthanc.OrthancException.Kind;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.SyntheticMrSeries;

/** The REST operations against one real Orthanc, with HTTP Basic authentication on. */
class OrthancClientTest {
  private static final String USER = "njclient";
  private static final String PASSWORD = "correct horse";

  private static OrthancServer orthanc;
  private static OrthancClient client;

  @TempDir Path tmp;

  @BeforeAll
  static void startOrthanc() {
    orthanc = OrthancServer.builder().aeTitle("NJ_ORTHANC").name("client-test").user(USER, PASSWORD)
        .stableAge(Duration.ofSeconds(1)).syncStorage(false).start();
    client = OrthancClient.builder(orthanc.baseUrl()).credentials(USER, PASSWORD)
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stopOrthanc() {
    if (client != null) {
      client.close();
    }
    if (orthanc != null) {
      orthanc.close();
    }
  }

  @Test
  void systemTellsVersionAeTitleAndPorts() {
    OrthancSystem system = client.system();
    assertEquals("1.10.1", system.version());
    assertEquals("NJ_ORTHANC", system.dicomAet());
    assertEquals(orthanc.dicomPort(), system.dicomPort());
    assertEquals(orthanc.httpPort(), system.httpPort());
    assertEquals("client-test", system.name());
    assertTrue(system.apiVersion() > 0);
  }

  @Test
  void uploadShowsNewInstancesThenAStableSeriesInTheChangeFeed() {
    ChangeFeed feed = client.followChangesFromNow();
    List<Path> files = series("FEED-1", LocalDate.of(2024, 2, 3), 3).writeTo(tmp.resolve("s"));
    Set<String> uploaded = new HashSet<>();
    String seriesId = null;
    for (Path f : files) {
      UploadResult r = client.upload(f);
      assertFalse(r.alreadyStored());
      uploaded.add(r.instanceId());
      seriesId = r.seriesId();
    }

    Set<String> newInstances = new HashSet<>();
    boolean stableSeries = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long previous = feed.cursor();
    while (!stableSeries && System.nanoTime() < deadline) {
      List<Change> changes = feed.poll();
      for (Change c : changes) {
        assertTrue(c.seq() > previous, "feed went backwards or repeated itself");
        previous = c.seq();
        if (c.type() == ChangeType.NEW_INSTANCE) {
          assertEquals(ResourceLevel.INSTANCE, c.level().orElseThrow());
          newInstances.add(c.resourceId());
        }
        if (c.type() == ChangeType.STABLE_SERIES && c.resourceId().equals(seriesId)) {
          assertEquals(ResourceLevel.SERIES, c.level().orElseThrow());
          assertEquals("StableSeries", c.typeName());
          stableSeries = true;
        }
      }
      if (changes.isEmpty()) {
        sleep(200);
      }
    }
    assertTrue(newInstances.containsAll(uploaded), "NewInstance for every upload: " + newInstances);
    assertTrue(stableSeries, "no StableSeries for " + seriesId + " within 30 s (StableAge 1 s)");
    assertTrue(client.series(seriesId).stable());
  }

  @Test
  void aFeedReadsEveryPageAndResumesFromItsCursor() {
    long start = client.lastChangeSeq();
    for (Path f : series("FEED-3", LocalDate.of(2024, 2, 5), 3).writeTo(tmp.resolve("s"))) {
      client.upload(f);
    }
    List<Change> expected = client.changes(start, 100).changes();
    assertTrue(expected.size() >= 5, "three uploads make at least five changes: " + expected);

    ChangeFeed smallPages = new ChangeFeed(client, start, 2);
    List<Change> read = smallPages.poll();
    assertEquals(expected.stream().map(Change::seq).toList(),
        read.subList(0, expected.size()).stream().map(Change::seq).toList());
    assertEquals(read.get(read.size() - 1).seq(), smallPages.cursor());

    ChangeFeed resumed = client.followChanges(smallPages.cursor());
    assertTrue(resumed.poll().stream().allMatch(c -> c.seq() > smallPages.cursor()));
  }

  @Test
  void aFeedWhoseCursorIsAheadOfOrthancSaysTheDatabaseWasReplaced() {
    long ahead = client.lastChangeSeq() + 1000;
    ChangeFeed feed = client.followChanges(ahead);
    IllegalStateException e = assertThrows(IllegalStateException.class, feed::poll);
    assertTrue(e.getMessage().contains("before this feed's cursor " + ahead), e.getMessage());
    assertEquals(ahead, feed.cursor());
  }

  @Test
  void changeFeedPagesWithLimit() {
    for (Path f : series("FEED-2", LocalDate.of(2024, 2, 4), 3).writeTo(tmp.resolve("s"))) {
      client.upload(f);
    }
    ChangePage first = client.changes(0, 2);
    assertEquals(2, first.changes().size());
    assertFalse(first.done());
    assertEquals(first.changes().get(1).seq(), first.last());
    ChangePage next = client.changes(first.last(), 2);
    assertTrue(next.changes().get(0).seq() > first.last());
    assertThrows(IllegalArgumentException.class, () -> client.changes(0, 0));
  }

  @Test
  void findsStudiesAndSeriesByPatientAndByDateRange() {
    SyntheticMrSeries early = series("FIND-1", LocalDate.of(2021, 3, 4), 2);
    SyntheticMrSeries late = series("FIND-1", LocalDate.of(2022, 7, 8), 3);
    SyntheticMrSeries other = series("FIND-2", LocalDate.of(2021, 3, 5), 1);
    for (SyntheticMrSeries s : List.of(early, late, other)) {
      s.writeTo(tmp.resolve(s.seriesInstanceUid())).forEach(client::upload);
    }

    List<OrthancStudy> ofPatient = client.studiesOfPatient("FIND-1");
    assertEquals(Set.of(early.studyInstanceUid(), late.studyInstanceUid()), uids(ofPatient));
    OrthancStudy study = ofPatient.stream()
        .filter(s -> s.studyInstanceUid().equals(late.studyInstanceUid())).findFirst().orElseThrow();
    assertEquals("FIND-1", study.patientId());
    assertEquals("20220708", study.studyDate());
    assertEquals(LocalDate.of(2022, 7, 8), study.studyLocalDate().orElseThrow());
    assertEquals(1, study.seriesIds().size());

    List<OrthancStudy> in2021 = client.findStudies(FindQuery.builder()
        .studyDate(LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31)).modality("MR").build());
    Set<String> uids2021 = uids(in2021);
    assertTrue(uids2021.contains(early.studyInstanceUid()) && uids2021.contains(other.studyInstanceUid()), "" + uids2021);
    assertFalse(uids2021.contains(late.studyInstanceUid()));

    List<OrthancStudy> notCt = client.findStudies(FindQuery.builder().patientId("FIND-1").modality("CT").build());
    assertTrue(notCt.isEmpty(), "MR studies matched ModalitiesInStudy CT: " + notCt);

    List<OrthancSeries> seriesOfPatient =
        client.findSeries(FindQuery.builder().patientId("FIND-1").modality("MR").build());
    assertEquals(2, seriesOfPatient.size());
    OrthancSeries lateSeries = seriesOfPatient.stream()
        .filter(s -> s.seriesInstanceUid().equals(late.seriesInstanceUid())).findFirst().orElseThrow();
    assertEquals("MR", lateSeries.modality());
    assertEquals("T1 MPRAGE SAG", lateSeries.seriesDescription());
    assertEquals(3, lateSeries.instanceCount());
    assertEquals(study.id(), lateSeries.studyId());

    List<OrthancSeries> seriesIn2022 = client.findSeries(FindQuery.builder().patientId("FIND-1")
        .studyDate(LocalDate.of(2022, 1, 1), LocalDate.of(2022, 12, 31)).build());
    assertEquals(List.of(late.seriesInstanceUid()), seriesIn2022.stream().map(OrthancSeries::seriesInstanceUid).toList());

    List<OrthancInstance> instances = client.instancesOfSeries(lateSeries.id());
    assertEquals(3, instances.size());
    Set<String> sops = new HashSet<>();
    instances.forEach(i -> sops.add(i.sopInstanceUid()));
    assertEquals(Set.of(late.sopInstanceUid(1), late.sopInstanceUid(2), late.sopInstanceUid(3)), sops);
    assertEquals(List.of(lateSeries.id()), client.seriesOfStudy(study.id()).stream().map(OrthancSeries::id).toList());
  }

  @Test
  void findsStudiesAndSeriesByBodyPartExamined() {
    MrSeries brain = new MrSeries("BODY-1", 1, "t1 brain", 8, 8);
    MrSeries spine = new MrSeries("BODY-1", brain.studyUid(), 2, "t2 spine", 8, 8);
    MrSeries knee = new MrSeries("BODY-2", 1, "pd knee", 8, 8);
    client.upload(brain.slice(0).put(0x0018, 0x0015, "CS", "BRAIN").toBytes());
    client.upload(spine.slice(0).put(0x0018, 0x0015, "CS", "CSPINE").toBytes());
    client.upload(knee.slice(0).put(0x0018, 0x0015, "CS", "KNEE").toBytes());
    List<OrthancStudy> studies = client.findStudies(FindQuery.builder().modality("MR").bodyPartExamined("BRAIN").build());
    assertEquals(Set.of(brain.studyUid()), uids(studies), "the study holding a BRAIN series, not the knee's");
    List<OrthancSeries> series = client.findSeries(FindQuery.builder().studyInstanceUid(brain.studyUid())
        .bodyPartExamined("BRAIN").build());
    assertEquals(List.of(brain.seriesUid()), series.stream().map(OrthancSeries::seriesInstanceUid).toList());
    assertThrows(IllegalArgumentException.class,
        () -> FindQuery.builder().bodyPartExamined("BRAIN").build().toQuery(ResourceLevel.PATIENT));
  }

  @Test
  void downloadedInstanceIsByteIdenticalToTheUploadedFile() throws IOException {
    Path file = series("DL-1", LocalDate.of(2024, 3, 1), 1).writeTo(tmp.resolve("s")).get(0);
    UploadResult r = client.upload(file);
    Path target = tmp.resolve("out/instance.dcm");
    assertEquals(target.toAbsolutePath(), client.downloadInstance(r.instanceId(), target));
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
    try (var listing = Files.list(target.getParent())) {
      assertEquals(List.of(target.toAbsolutePath()), listing.map(Path::toAbsolutePath).toList(), "temporary file left");
    }
    assertTrue(client.upload(file).alreadyStored());
    assertEquals(Files.size(file), client.instance(r.instanceId()).fileSize());
  }

  @Test
  void seriesArchiveIsAZipOfAllInstances() throws IOException {
    List<Path> files = series("ZIP-1", LocalDate.of(2024, 3, 2), 4).writeTo(tmp.resolve("s"));
    String seriesId = null;
    for (Path f : files) {
      seriesId = client.upload(f).seriesId();
    }
    Path zip = client.downloadSeriesArchive(seriesId, tmp.resolve("series.zip"));
    List<byte[]> entries = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (!e.isDirectory()) {
          entries.add(in.readAllBytes());
        }
      }
    }
    assertEquals(4, entries.size());
    Set<String> expected = new HashSet<>();
    for (Path f : files) {
      expected.add(sha256(Files.readAllBytes(f)));
    }
    Set<String> got = new HashSet<>();
    for (byte[] b : entries) {
      got.add(sha256(b));
    }
    assertEquals(expected, got);
  }

  @Test
  void unknownSeriesIsANotFoundErrorNamingTheResource() {
    OrthancException e = assertThrows(OrthancException.class, () -> client.series("0000-no-such-series"));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals(404, e.httpStatus());
    assertTrue(e.getMessage().startsWith("not found (404): GET " + orthanc.baseUrl() + "series/0000-no-such-series"),
        e.getMessage());
    assertEquals(1, e.attempts(), "a 404 is not retried");

    OrthancException file = assertThrows(OrthancException.class,
        () -> client.downloadInstance("0000-no-such-instance", tmp.resolve("x.dcm")));
    assertEquals(Kind.NOT_FOUND, file.kind());
    assertTrue(file.getMessage().contains("Unknown resource"), file.getMessage());
    assertFalse(Files.exists(tmp.resolve("x.dcm")));
  }

  @Test
  void aFileThatIsNotDicomIsRefusedWithOrthancsReason() throws IOException {
    Path junk = Files.writeString(tmp.resolve("junk.dcm"), "not a DICOM file");
    OrthancException e = assertThrows(OrthancException.class, () -> client.upload(junk));
    assertEquals(Kind.HTTP_ERROR, e.kind());
    assertEquals(400, e.httpStatus());
    assertTrue(e.orthancMessage().contains("Bad file format"), e.orthancMessage());
    assertTrue(e.body().contains("\"HttpStatus\""), e.body());
  }

  @Test
  void wrongCredentialsAreAClear401() {
    try (OrthancClient wrong = OrthancClient.builder(orthanc.baseUrl()).credentials(USER, "wrong").build();
        OrthancClient none = OrthancClient.builder(orthanc.baseUrl()).build()) {
      OrthancException e = assertThrows(OrthancException.class, wrong::system);
      assertEquals(Kind.UNAUTHORIZED, e.kind());
      assertEquals(401, e.httpStatus());
      assertTrue(e.getMessage().startsWith("wrong credentials (401): GET " + orthanc.baseUrl() + "system"),
          e.getMessage());
      assertEquals(Kind.UNAUTHORIZED, assertThrows(OrthancException.class, none::system).kind());
    }
  }

  @Test
  void aSharedHttpClientStaysWithItsOwner() {
    okhttp3.OkHttpClient shared = new okhttp3.OkHttpClient();
    try {
      try (OrthancClient c = OrthancClient.builder(orthanc.baseUrl()).credentials(USER, PASSWORD)
          .httpClient(shared).build()) {
        assertEquals("1.10.1", c.system().version());
      }
      assertEquals(1, shared.connectionPool().connectionCount(), "closing the Orthanc client closed the shared pool");
    } finally {
      shared.connectionPool().evictAll();
      shared.dispatcher().executorService().shutdown();
    }
  }

  private static SyntheticMrSeries series(String patientId, LocalDate date, int slices) {
    return SyntheticMrSeries.builder().patientId(patientId).studyDate(date).size(8, 6).slices(slices).build();
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> uids(List<OrthancStudy> studies) {
    Set<String> uids = new HashSet<>();
    studies.forEach(s -> uids.add(s.studyInstanceUid()));
    return uids;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
