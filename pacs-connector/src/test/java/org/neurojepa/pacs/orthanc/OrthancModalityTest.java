package org.neurojepa.pacs.orthanc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.orthanc.OrthancException.Kind;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.neurojepa.testkit.junit.FreePorts;
import org.neurojepa.testkit.orthanc.OrthancServer;
import org.neurojepa.testkit.orthanc.StoreScu;
import org.neurojepa.testkit.orthanc.SyntheticMrSeries;

/**
 * Orthanc as a DICOM client, driven through its REST API: two real Orthancs that know each other
 * as modalities (A retrieves from B by C-FIND + C-MOVE), and a dcmtk storescp that A sends to.
 */
class OrthancModalityTest {
  private static final String AET_A = "NJ_ORTHANC_A";
  private static final String AET_B = "NJ_ORTHANC_B";
  private static final String AET_SCP = "NJ_STORESCP";

  private static OrthancServer orthancA;
  private static OrthancServer orthancB;
  private static OrthancClient clientA;
  private static OrthancClient clientB;
  private static int storescpPort;

  @TempDir Path tmp;

  @BeforeAll
  static void startTwoOrthancs() {
    int dicomA = FreePorts.loopback();
    int dicomB = FreePorts.loopback();
    storescpPort = FreePorts.loopback();
    // A port where nothing listens, for an echo that must fail.
    int nobody = FreePorts.loopback();
    orthancA = OrthancServer.builder().aeTitle(AET_A).dicomPort(dicomA).syncStorage(false)
        .modality("orthanc-b", AET_B, "127.0.0.1", dicomB)
        .modality("storescp", AET_SCP, "127.0.0.1", storescpPort)
        .modality("nobody", "NOBODY", "127.0.0.1", nobody)
        .dicomScuTimeout(Duration.ofSeconds(5))
        .start();
    orthancB = OrthancServer.builder().aeTitle(AET_B).dicomPort(dicomB).syncStorage(false)
        .modality(orthancA.asModality("orthanc-a")).start();
    clientA = OrthancClient.builder(orthancA.baseUrl()).readTimeout(Duration.ofSeconds(30)).build();
    clientB = OrthancClient.builder(orthancB.baseUrl()).readTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterAll
  static void stopThem() {
    for (AutoCloseable c : new AutoCloseable[] {clientA, clientB, orthancA, orthancB}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void echoTellsAPeerThatAnswersFromOneThatDoesNot() {
    assertTrue(clientA.echo("orthanc-b"));
    assertFalse(clientA.echo("nobody"));
    OrthancException e = assertThrows(OrthancException.class, () -> clientA.echo("no-such-modality"));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertTrue(e.orthancMessage().contains("no-such-modality"), e.orthancMessage());
  }

  @Test
  void retrievesAStudyFromAnotherOrthancByQueryAndCMove() {
    SyntheticMrSeries s = series("MOVE-1", 3);
    uploadTo(clientB, s);
    assertTrue(clientA.findStudies(byStudy(s)).isEmpty());

    Map<String, String> query = new LinkedHashMap<>();
    query.put("StudyInstanceUID", s.studyInstanceUid());
    query.put("PatientID", "");
    RemoteQuery found = clientA.query("orthanc-b", ResourceLevel.STUDY, query);
    assertEquals(1, found.answers().size());
    assertEquals(s.studyInstanceUid(), found.answers().get(0).get("StudyInstanceUID"));
    assertEquals("MOVE-1", found.answers().get(0).get("PatientID"));

    clientA.retrieve(found, AET_A);
    List<OrthancStudy> studies = clientA.findStudies(byStudy(s));
    assertEquals(1, studies.size());
    OrthancSeries series = clientA.series(studies.get(0).seriesIds().get(0));
    assertEquals(3, series.instanceCount());
    assertEquals(s.seriesInstanceUid(), series.seriesInstanceUid());
  }

  @Test
  void movesAStudyWithoutAQueryFirst() {
    SyntheticMrSeries s = series("MOVE-2", 2);
    uploadTo(clientB, s);
    clientA.move("orthanc-b", ResourceLevel.STUDY, Map.of("StudyInstanceUID", s.studyInstanceUid()), AET_A);
    List<OrthancSeries> series = clientA.findSeries(FindQuery.builder().seriesInstanceUid(s.seriesInstanceUid()).build());
    assertEquals(1, series.size());
    assertEquals(2, series.get(0).instanceCount());
  }

  @Test
  void aMoveFromAnUnknownModalityIsNotFound() {
    OrthancException e = assertThrows(OrthancException.class, () ->
        clientA.move("no-such-modality", ResourceLevel.STUDY, Map.of("StudyInstanceUID", "1.2.3"), AET_A));
    assertEquals(Kind.NOT_FOUND, e.kind());
  }

  @Test
  void sendsAStudyToADcmtkStorescp() throws IOException {
    SyntheticMrSeries s = series("STORE-1", 3);
    String studyId = uploadTo(clientA, s);
    Path received = Files.createDirectories(tmp.resolve("received"));
    try (ExternalProcess storescp = ExternalProcess.start("storescp",
        List.of("storescp", "-aet", AET_SCP, "-od", received.toAbsolutePath().toString(), Integer.toString(storescpPort)),
        tmp.resolve("storescp"))) {
      storescp.awaitPort(storescpPort, Duration.ofSeconds(10));
      StoreResult result = clientA.store("storescp", List.of(studyId));
      assertEquals(3, result.instancesCount());
      assertEquals(0, result.failedInstancesCount());
      assertEquals(AET_SCP, result.remoteAet());
      assertEquals(List.of(studyId), result.parentResources());
    }
    try (Stream<Path> files = Files.list(received)) {
      assertEquals(3, files.filter(f -> f.getFileName().toString().startsWith("MR.")).count());
    }
  }

  @Test
  void aStoreToAPeerThatIsDownFailsWithOrthancsReason() {
    SyntheticMrSeries s = series("STORE-2", 1);
    String studyId = uploadTo(clientA, s);
    OrthancException e = assertThrows(OrthancException.class, () -> clientA.store("nobody", List.of(studyId)));
    assertEquals(Kind.HTTP_ERROR, e.kind());
    assertFalse(e.orthancMessage().isEmpty(), e.getMessage());
  }

  @Test
  void storescuIntoOrthancLandsEveryInstance() {
    SyntheticMrSeries s = series("SCU-1", 5);
    List<Path> files = s.writeTo(tmp.resolve("scu"));
    StoreScu.Run run = StoreScu.send(files, "127.0.0.1", orthancB.dicomPort(), AET_B, tmp, Duration.ofSeconds(60));
    assertEquals(5, run.instances());
    assertTrue(run.instancesPerSecond() > 0);
    List<OrthancSeries> series = clientB.findSeries(FindQuery.builder().seriesInstanceUid(s.seriesInstanceUid()).build());
    assertEquals(5, series.get(0).instanceCount());
  }

  private String uploadTo(OrthancClient client, SyntheticMrSeries s) {
    String studyId = null;
    for (Path f : s.writeTo(tmp.resolve(s.seriesInstanceUid()))) {
      studyId = client.upload(f).studyId();
    }
    return studyId;
  }

  private static FindQuery byStudy(SyntheticMrSeries s) {
    return FindQuery.builder().studyInstanceUid(s.studyInstanceUid()).build();
  }

  private static SyntheticMrSeries series(String patientId, int slices) {
    return SyntheticMrSeries.builder().patientId(patientId).studyDate(LocalDate.of(2023, 9, 1))
        .size(8, 6).slices(slices).build();
  }
}
