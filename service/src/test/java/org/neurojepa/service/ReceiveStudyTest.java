package org.neurojepa.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;
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
class ReceiveStudyTest {
  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("neurojepa.dicom.port", () -> 0);
    registry.add("neurojepa.dicom.data-dir", () -> dataDir.toString());
    registry.add("neurojepa.dicom.free-disk-watermark-bytes", () -> 0);
  }

  @LocalServerPort int httpPort;
  @Autowired DicomNodeLifecycle node;

  @Test
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
  }
}
