package org.neurojepa.testkit.orthanc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.testkit.junit.ExternalProcess;

class OrthancServerTest {
  @TempDir Path tmp;

  @Test
  void startsWithTheGeneratedConfigurationAndStopsByPid() throws Exception {
    long pid;
    Path work;
    try (OrthancServer orthanc =
        OrthancServer.builder().aeTitle("NJ_TEST").name("kit").user("alice", "s3cret")
            .stableAge(Duration.ofSeconds(2)).modality("peer", "PEER", "127.0.0.1", 11112).start()) {
      pid = orthanc.pid();
      work = orthanc.workDirectory();
      assertTrue(orthanc.isAlive());

      String system = get(orthanc.baseUrl() + "system", "alice:s3cret", 200);
      assertTrue(system.contains("\"DicomAet\" : \"NJ_TEST\""), system);
      assertTrue(system.contains("\"DicomPort\" : " + orthanc.dicomPort()), system);
      assertTrue(system.contains("\"Name\" : \"kit\""), system);
      get(orthanc.baseUrl() + "system", null, 401);
      get(orthanc.baseUrl() + "system", "alice:wrong", 401);
      String modalities = get(orthanc.baseUrl() + "modalities", "alice:s3cret", 200);
      assertTrue(modalities.contains("\"peer\""), modalities);
      // No plugin unless asked: only Orthanc Explorer's built-in entry.
      assertEquals("[\"explorer.js\"]", get(orthanc.baseUrl() + "plugins", "alice:s3cret", 200).replaceAll("\\s", ""));

      // A real DICOM peer answers C-ECHO on the DICOM port.
      int echo = ExternalProcess.run("echoscu",
          java.util.List.of("echoscu", "-aec", "NJ_TEST", "127.0.0.1", Integer.toString(orthanc.dicomPort())),
          tmp, Duration.ofSeconds(20));
      assertEquals(0, echo);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Orthanc still running");
    assertFalse(Files.exists(work), "work directory left behind");
  }

  @Test
  void keepsAGivenWorkDirectoryAndLoadsAPluginWhenAsked() throws Exception {
    try (OrthancServer orthanc =
        OrthancServer.builder().workDirectory(tmp.resolve("o")).plugin(OrthancServer.DICOMWEB_PLUGIN).start()) {
      String plugins = get(orthanc.baseUrl() + "plugins", null, 200);
      assertTrue(plugins.contains("dicom-web"), plugins);
    }
    assertTrue(Files.isRegularFile(tmp.resolve("o/orthanc.json")));
  }

  @Test
  void aMissingPluginIsRefusedBeforeStarting() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> OrthancServer.builder().plugin(tmp.resolve("libNope.so")));
    assertTrue(e.getMessage().contains("libNope.so"));
  }

  private static String get(String url, String userPassword, int expectedStatus) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    try {
      if (userPassword != null) {
        c.setRequestProperty("Authorization",
            "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)));
      }
      assertEquals(expectedStatus, c.getResponseCode(), url);
      InputStream in = expectedStatus < 400 ? c.getInputStream() : c.getErrorStream();
      if (in == null) {
        return "";
      }
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } finally {
      c.disconnect();
    }
  }
}
