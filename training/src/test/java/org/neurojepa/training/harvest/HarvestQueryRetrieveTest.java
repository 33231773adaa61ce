package org.neurojepa.training.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.scu.DicomPeer;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.junit.FreePorts;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.RejectionLog;
import org.neurojepa.training.harvest.ArchiveFixtures.Expected;

/**
 * Harvest from a PACS by C-FIND and C-MOVE: a real Orthanc as the Query/Retrieve SCP, which
 * knows our harvest node as a modality and moves each series into it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HarvestQueryRetrieveTest {
  private static final String PACS_AET = "NJ_PACS";
  private static final String OUR_AET = "NJ_HARVESTER";
  /** Known to the PACS at a port where nothing listens: finds work, moves cannot be delivered. */
  private static final String ASTRAY_AET = "NJ_ASTRAY";
  private static final PatientPseudonyms pseudonyms =
      new PatientPseudonyms("query retrieve test secret".getBytes(StandardCharsets.UTF_8));

  @TempDir static Path tmp;
  private static OrthancServer orthanc;
  private static ArchiveFixtures.Archive archive;
  private static int ourPort;
  private static PreprocessorSettings preprocessing;

  @BeforeAll
  static void startAPacsHoldingOneStudy() throws IOException {
    archive = ArchiveFixtures.generate(tmp.resolve("fixtures"), ArchiveFixtures.patients(1));
    ourPort = FreePorts.loopback();
    orthanc = OrthancServer.builder().aeTitle(PACS_AET).syncStorage(false)
        .modality("harvest", OUR_AET, "127.0.0.1", ourPort)
        .modality("astray", ASTRAY_AET, "127.0.0.1", FreePorts.loopback())
        .dicomScuTimeout(Duration.ofSeconds(10)).start();
    archive.sendTo(orthanc, Files.createDirectories(tmp.resolve("storescu")));
    preprocessing = PreprocessorSettings.builder(Template.colin27()).build();
  }

  @AfterAll
  static void stopThePacs() {
    if (orthanc != null) {
      orthanc.close();
    }
  }

  private static QueryRetrieveSource.Builder source(String ourAet, int port) {
    return QueryRetrieveSource.builder(DicomPeer.of("127.0.0.1", orthanc.dicomPort(), PACS_AET), new AeTitle(ourAet))
        .bindAddress(InetAddress.getLoopbackAddress()).localPort(port).freeDiskWatermarkBytes(0)
        .timeout(Duration.ofSeconds(60)).scratchParent(tmp.resolve("scratch"));
  }

  private static HarvestSummary harvest(Path dataset, StudySelection selection) throws Exception {
    StringWriter console = new StringWriter();
    try (QueryRetrieveSource source = source(OUR_AET, ourPort).start()) {
      return Harvest.builder(dataset, source, preprocessing, pseudonyms).selection(selection)
          .scratchParent(tmp.resolve("scratch")).progress(new ConsoleProgress(new PrintWriter(console))).build().run();
    } finally {
      System.out.print(console);
      try (Stream<Path> left = Files.list(tmp.resolve("scratch"))) {
        assertEquals(List.of(), left.toList(), "scratch space and the node's store are gone");
      }
    }
  }

  @Test
  @Order(1)
  void harvestsAStudyByCFindAndCMoveIntoOurNodeThenFetchesNothingTheSecondTime() throws Exception {
    Path dataset = tmp.resolve("dataset");
    StudySelection brain = new StudySelection(Optional.empty(), Optional.empty(), Optional.of("BRAIN"), 0);
    HarvestSummary first = harvest(dataset, brain);
    assertEquals(1, first.studiesFound());
    assertEquals(2, first.seriesAccepted(), first.failures().toString());
    assertEquals(Map.of("LOCALIZER", 1), first.rejectedByCode());
    assertEquals(3, first.fetched().retrievals(), "one C-MOVE per series");
    long instances = archive.studies().get(0).series().stream().mapToLong(s -> s.files().size()).sum();
    assertEquals(instances, first.fetched().instances(), "every instance of the study arrived at our node");

    DatasetManifest manifest = DatasetManifest.read(dataset);
    Expected t1 = archive.of(SeriesKind.T1W).get(0);
    Expected flair = archive.of(SeriesKind.FLAIR).get(0);
    assertEquals(Map.of(t1.seriesUid(), SequenceType.T1W, flair.seriesUid(), SequenceType.FLAIR),
        manifest.entries().stream().collect(java.util.stream.Collectors.toMap(DatasetEntry::seriesUid,
            DatasetEntry::sequence)));
    for (DatasetEntry e : manifest.entries()) {
      assertEquals(pseudonyms.key(t1.patient().id()), e.patient());
      assertEquals(DatasetManifest.sha256(manifest.file(e)), e.sha256());
    }
    assertEquals(List.of(archive.of(SeriesKind.LOCALIZER).get(0).seriesUid()),
        RejectionLog.read(dataset).rejections().stream().map(r -> r.seriesUid()).toList());

    HarvestSummary second = harvest(dataset, brain);
    assertEquals(0, second.fetched().retrievals(), "no C-MOVE the second time");
    assertEquals(0, second.fetched().instances(), "nothing arrived at our node");
    assertEquals(2, second.fetched().queries(), "a study query and a series query");
    assertEquals(3, second.seriesAlreadyDone());
    assertEquals(manifest.sha256(), DatasetManifest.read(dataset).sha256());
  }

  @Test
  @Order(2)
  void anotherBodyPartOrDateRangeSelectsNothing() throws Exception {
    StudySelection knee = new StudySelection(Optional.empty(), Optional.empty(), Optional.of("KNEE"), 0);
    HarvestSummary s = harvest(tmp.resolve("knee"), knee);
    assertEquals(0, s.studiesFound());
    assertEquals(0, s.fetched().retrievals());
    StudySelection lastYear = new StudySelection(Optional.of(java.time.LocalDate.of(2023, 1, 1)),
        Optional.of(java.time.LocalDate.of(2023, 12, 31)), Optional.empty(), 0);
    assertEquals(0, harvest(tmp.resolve("2023"), lastYear).studiesFound());
  }

  @Test
  @Order(3)
  void anAeTitleThePacsDoesNotKnowAPortInUseAndAPacsThatIsDownAreClearErrors() throws Exception {
    Path dataset = tmp.resolve("errors");
    try (QueryRetrieveSource stranger = source("NJ_STRANGER", 0).start()) {
      HarvestException e = assertThrows(HarvestException.class,
          () -> Harvest.builder(dataset, stranger, preprocessing, pseudonyms).build().run());
      assertTrue(e.getMessage().contains("cannot query the PACS") && e.getMessage().contains("NJ_STRANGER"),
          e.getMessage());
    }
    try (QueryRetrieveSource astray = source(ASTRAY_AET, 0).start()) {
      StringWriter console = new StringWriter();
      HarvestException e = assertThrows(HarvestException.class, () -> Harvest.builder(dataset, astray, preprocessing,
          pseudonyms).progress(new ConsoleProgress(new PrintWriter(console))).build().run());
      System.out.print(console);
      System.out.println(e.getMessage());
      assertTrue(e.getMessage().contains("is NJ_ASTRAY configured on the PACS as a move destination"), e.getMessage());
      assertTrue(e.getMessage().contains("3 moves in a row delivered nothing"), e.getMessage());
      assertEquals(2, console.toString().split("FAILED, left for the next run", -1).length - 1,
          "the first two series fail on their own, the third stops the harvest:\n" + console);
      assertEquals(List.of(), DatasetManifest.read(dataset).entries());
      assertEquals(List.of(), RejectionLog.read(dataset).rejections());
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HarvestException e = assertThrows(HarvestException.class, () -> source(OUR_AET, taken.getLocalPort()).start());
      assertTrue(e.getMessage().contains("cannot start our DICOM node NJ_HARVESTER"), e.getMessage());
    }
    try (QueryRetrieveSource down = QueryRetrieveSource.builder(DicomPeer.of("127.0.0.1", FreePorts.loopback(), "DOWN"),
        new AeTitle(OUR_AET)).bindAddress(InetAddress.getLoopbackAddress()).localPort(0).freeDiskWatermarkBytes(0)
        .scratchParent(tmp.resolve("scratch")).start()) {
      HarvestException e = assertThrows(HarvestException.class,
          () -> Harvest.builder(dataset, down, preprocessing, pseudonyms).build().run());
      assertTrue(e.getMessage().contains("cannot query the PACS: C-FIND to DOWN@127.0.0.1"), e.getMessage());
    }
  }
}
