package org.neurojepa.pacs.scu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.testkit.junit.FreePorts;
import org.neurojepa.testkit.orthanc.OrthancServer;

/**
 * Our C-FIND and C-MOVE SCU against a real Query/Retrieve SCP: an Orthanc that knows our node as a
 * modality, and moves series into our own DICOM node.
 */
class DicomClientQueryRetrieveTest {
  private static final String OUR_AET = "NJ_HARVEST";
  private static final String ORTHANC_AET = "NJ_QR_ORTHANC";

  @TempDir static Path tmp;
  private static OrthancServer orthanc;
  private static DicomNode node;
  private static DicomPeer pacs;
  private static MrSeries t1;
  private static MrSeries t2;
  private static MrSeries knee;

  @BeforeAll
  static void startOrthancAndOurNode() throws Exception {
    int nodePort = FreePorts.loopback();
    node = DicomNode.builder(DicomNodeConfig.builder().aeTitle(OUR_AET).port(nodePort)
        .allowCallingAeTitle(ORTHANC_AET).storageDirectory(tmp.resolve("received")).freeDiskWatermarkBytes(0).build())
        .build().start();
    orthanc = OrthancServer.builder().aeTitle(ORTHANC_AET).syncStorage(false)
        .modality("harvest", OUR_AET, "127.0.0.1", nodePort).dicomScuTimeout(Duration.ofSeconds(5)).start();
    pacs = DicomPeer.of("127.0.0.1", orthanc.dicomPort(), ORTHANC_AET);
    t1 = new MrSeries("QR-1", 1, "T1", 16, 16);
    t2 = new MrSeries("QR-1", t1.studyUid(), 2, "T2", 16, 16);
    knee = new MrSeries("QR-2", 1, "knee", 16, 16);
    try (OrthancClient client = OrthancClient.builder(orthanc.baseUrl()).build()) {
      for (int i = 0; i < 5; i++) {
        client.upload(t1.slice(i).put(0x0008, 0x0020, "DA", "20240310").put(0x0018, 0x0015, "CS", "BRAIN").toBytes());
      }
      for (int i = 0; i < 3; i++) {
        client.upload(t2.slice(i).put(0x0008, 0x0020, "DA", "20240310").put(0x0018, 0x0015, "CS", "BRAIN").toBytes());
      }
      for (int i = 0; i < 2; i++) {
        client.upload(knee.slice(i).put(0x0008, 0x0020, "DA", "20240612").put(0x0018, 0x0015, "CS", "KNEE").toBytes());
      }
    }
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (orthanc != null) {
      orthanc.close();
    }
  }

  private final DicomClient client = new DicomClient(new AeTitle(OUR_AET), Duration.ofSeconds(30));

  @Test
  void findsStudiesByModalityDateAndBodyPartThenTheirSeries() throws Exception {
    List<QueryMatch> march = client.find(pacs, QueryRetrieveLevel.STUDY, studyKeys("20240301-20240331", null));
    assertEquals(1, march.size(), march.toString());
    assertEquals(t1.studyUid(), march.get(0).value("StudyInstanceUID"));
    assertEquals("QR-1", march.get(0).value("PatientID"), "values come back trimmed of DICOM padding");
    assertEquals("20240310", march.get(0).value("StudyDate"));

    assertEquals(2, client.find(pacs, QueryRetrieveLevel.STUDY, studyKeys("20240101-", null)).size());
    List<QueryMatch> brain = client.find(pacs, QueryRetrieveLevel.STUDY, studyKeys("", "BRAIN"));
    assertEquals(List.of(t1.studyUid()), brain.stream().map(m -> m.value("StudyInstanceUID")).toList());
    assertEquals(List.of(), client.find(pacs, QueryRetrieveLevel.STUDY, studyKeys("20230101-20231231", null)));

    Map<String, String> series = new LinkedHashMap<>();
    series.put("StudyInstanceUID", t1.studyUid());
    series.put("SeriesInstanceUID", "");
    series.put("Modality", "MR");
    series.put("SeriesNumber", "");
    series.put("NumberOfSeriesRelatedInstances", "");
    List<QueryMatch> found = client.find(pacs, QueryRetrieveLevel.SERIES, series);
    Map<String, String> instancesBySeries = new LinkedHashMap<>();
    found.forEach(m -> instancesBySeries.put(m.value("SeriesInstanceUID"), m.value("NumberOfSeriesRelatedInstances")));
    assertEquals(Map.of(t1.seriesUid(), "5", t2.seriesUid(), "3"), instancesBySeries);
  }

  @Test
  void movesOneSeriesIntoOurNode() throws Exception {
    Map<String, String> identifier = new LinkedHashMap<>();
    identifier.put("StudyInstanceUID", t1.studyUid());
    identifier.put("SeriesInstanceUID", t1.seriesUid());
    MoveResult result = client.move(pacs, QueryRetrieveLevel.SERIES, identifier, new AeTitle(OUR_AET));
    assertEquals(DicomStatus.SUCCESS, result.status());
    assertEquals(5, result.completed());
    assertEquals(0, result.failed());
    assertEquals(5, node.store().instances(t1.seriesUid()).size(), "every instance is in our store when move returns");
    assertEquals(List.of(), node.store().instances(t2.seriesUid()), "only the series asked for");
    assertEquals(ORTHANC_AET, node.store().instances(t1.seriesUid()).get(0).callingAeTitle());
  }

  @Test
  void aDestinationThePeerDoesNotKnowIsRefusedWithItsStatus() {
    Map<String, String> identifier = Map.of("StudyInstanceUID", t2.studyUid(), "SeriesInstanceUID", t2.seriesUid());
    DicomClientException e = assertThrows(DicomClientException.class,
        () -> client.move(pacs, QueryRetrieveLevel.SERIES, identifier, new AeTitle("NOBODY_KNOWS")));
    // The standard's answer is A801 (Move Destination unknown); Orthanc 1.10 answers C000.
    DicomStatus status = e.status().orElseThrow();
    assertTrue(status.isFailure(), status.toString());
    assertTrue(status.code() == 0xA801 || status.code() == 0xC000, status.toString());
    assertTrue(e.getMessage().contains("NOBODY_KNOWS"), e.getMessage());
  }

  @Test
  void aCallerThePeerDoesNotKnowAndAPeerThatIsDownAreClearErrors() {
    DicomClient stranger = new DicomClient(new AeTitle("STRANGER"), Duration.ofSeconds(10));
    DicomClientException refused = assertThrows(DicomClientException.class,
        () -> stranger.find(pacs, QueryRetrieveLevel.STUDY, studyKeys("", null)));
    assertTrue(refused.getMessage().contains("C-FIND to " + pacs + " as STRANGER"), refused.getMessage());
    assertTrue(refused.status().isEmpty());
    assertTrue(refused.getMessage().contains("is STRANGER configured there"), refused.getMessage());

    DicomPeer down = DicomPeer.of("127.0.0.1", FreePorts.loopback(), "DOWN");
    DicomClientException e = assertThrows(DicomClientException.class,
        () -> client.find(down, QueryRetrieveLevel.STUDY, studyKeys("", null)));
    assertTrue(e.getMessage().contains("C-FIND to DOWN@127.0.0.1:" + down.port()), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> client.find(pacs, QueryRetrieveLevel.STUDY, Map.of("NoSuchKeyword", "")));
  }

  private static Map<String, String> studyKeys(String dates, String bodyPart) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("StudyInstanceUID", "");
    keys.put("PatientID", "");
    keys.put("StudyDate", dates);
    keys.put("ModalitiesInStudy", "MR");
    if (bodyPart != null) {
      keys.put("BodyPartExamined", bodyPart);
    }
    return keys;
  }
}
