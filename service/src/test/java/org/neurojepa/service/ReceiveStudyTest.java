package org.neurojepa.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.SliceOrientation;
import org.neurojepa.testkit.junit.ExternalProcess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** dcmtk's storescu sends a generated series to the running service; /api/studies shows it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReceiveStudyTest {
  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("neurojepa.dicom.port", () -> 0);
    registry.add("neurojepa.dicom.data-dir", () -> dataDir.toString());
    registry.add("neurojepa.dicom.free-disk-watermark-bytes", () -> 0);
    registry.add("neurojepa.dicom.quiet-period", () -> "1s");
  }

  @LocalServerPort int httpPort;
  @Autowired DicomNodeLifecycle node;
  @Autowired AuditTrail audit;
  @Autowired JdbcTemplate jdbc;

  @Test
  @Order(1)
  void storescuSeriesAppearsInStudies(@TempDir Path scratch) throws Exception {
    GeneratedSeries series = FixtureGenerator.write(
        SeriesSpec.builder().kind(SeriesKind.T1W).orientation(SliceOrientation.AXIAL)
            .voxelSize(4, 4, 4).build(),
        scratch.resolve("t1"));
    List<String> command = new ArrayList<>(List.of("storescu", "-aet", "TESTSCU", "-aec", "NEUROJEPA",
        "127.0.0.1", Integer.toString(node.port())));
    series.files().forEach(f -> command.add(f.toString()));
    ExternalProcess storescu = ExternalProcess.start("storescu", command, scratch, Map.of("TCP_NODELAY", "1"));
    assertEquals(0, storescu.waitFor(Duration.ofSeconds(60)), storescu.output());

    HttpURLConnection http =
        (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/api/studies").toURL().openConnection();
    http.setRequestProperty("Connection", "close");
    String body;
    try (InputStream in = http.getInputStream()) {
      assertEquals(200, http.getResponseCode());
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      http.disconnect();
    }
    JsonNode studies = new ObjectMapper().readTree(body);
    assertEquals(1, studies.size(), body);
    JsonNode study = studies.get(0);
    assertEquals(series.groundTruth().identity().studyInstanceUid(), study.get("studyInstanceUid").asText());
    assertEquals(series.files().size(), study.get("instanceCount").asInt());
    assertEquals(series.groundTruth().identity().seriesInstanceUid(), study.get("series").get(0).get("seriesInstanceUid").asText());

    // the audit trail saw the association, every instance and, after the quiet period, the series
    String studyUid = series.groundTruth().identity().studyInstanceUid();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<AuditTrail.StoredEntry> completed;
    do {
      Thread.sleep(200);
      audit.flush();
      completed = audit.find(query(AuditAction.SERIES_COMPLETED));
    } while (completed.isEmpty() && System.nanoTime() < deadline);
    assertEquals(1, completed.size(), "one series completion");
    assertEquals(series.files().size(), audit.find(query(AuditAction.INSTANCE_STORED)).stream()
        .filter(e -> studyUid.equals(e.entry().studyUid()) && e.entry().outcome().equals("success")).count());
    assertTrue(audit.find(query(AuditAction.ASSOCIATION_ACCEPTED)).stream()
        .anyMatch(e -> "TESTSCU".equals(e.entry().callingAe())));
  }

  @Test
  @Order(2)
  void refusedAssociationIsAuditedAndTheChainDetectsTampering(@TempDir Path scratch) throws Exception {
    ExternalProcess echo = ExternalProcess.start("echoscu", List.of("echoscu", "-aet", "INTRUDER", "-aec", "WRONG",
        "127.0.0.1", Integer.toString(node.port())), scratch);
    assertTrue(echo.waitFor(Duration.ofSeconds(30)) != 0, "echoscu to a wrong called AE title must fail");
    audit.flush();
    assertTrue(audit.find(query(AuditAction.ASSOCIATION_REFUSED)).stream()
        .anyMatch(e -> "INTRUDER".equals(e.entry().callingAe()) && e.entry().detail().contains("WRONG")));
    AuditTrail.Verification before = audit.verify();
    assertTrue(before.intact(), before.reason());
    assertTrue(before.entries() >= 1);

    assertThrows(DataAccessException.class, () -> jdbc.update("DELETE FROM audit_event"), "append-only");
    long victim = audit.find(query(AuditAction.ASSOCIATION_REFUSED)).get(0).id();
    jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update");
    try {
      jdbc.update("UPDATE audit_event SET detail = 'nothing happened' WHERE id = ?", victim);
    } finally {
      jdbc.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
    }
    AuditTrail.Verification after = audit.verify();
    assertFalse(after.intact());
    assertEquals(victim, after.firstBrokenId().orElseThrow(), after.reason());
  }

  private static AuditQuery query(AuditAction action) {
    return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(action), 10_000);
  }
}
