package org.neurojepa.pacs.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DicomNodeConfigTest {
  private static final Path STORE = Path.of("store");

  @Test
  void defaults() {
    DicomNodeConfig c = DicomNodeConfig.builder().storageDirectory(STORE).build();
    assertEquals("NEUROJEPA", c.aeTitle().value());
    assertTrue(c.bindAddress().isLoopbackAddress());
    assertEquals(11112, c.port());
    assertTrue(c.allowedCallingAeTitles().isEmpty());
    assertTrue(c.allowsCallingAeTitle(new AeTitle("ANYONE")));
    assertEquals(1L << 30, c.freeDiskWatermarkBytes());
    assertEquals(16, c.maxAssociations());
  }

  @Test
  void anOpenNodeMayNotListenBeyondLoopback() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DicomNodeConfig.builder().storageDirectory(STORE).bindAddress("0.0.0.0").build());
    assertTrue(e.getMessage().contains("empty calling AE allow-list"), e.getMessage());
    DicomNodeConfig listed = DicomNodeConfig.builder().storageDirectory(STORE).bindAddress("0.0.0.0")
        .allowCallingAeTitle("SCANNER1").build();
    assertTrue(listed.allowsCallingAeTitle(new AeTitle("SCANNER1")));
    assertTrue(!listed.allowsCallingAeTitle(new AeTitle("SCANNER2")));
  }

  @Test
  void badValuesAreRefusedWithTheReason() {
    assertThrows(IllegalArgumentException.class, () -> DicomNodeConfig.builder().storageDirectory(STORE).port(70000).build());
    assertThrows(IllegalArgumentException.class, () -> DicomNodeConfig.builder().storageDirectory(STORE).maxAssociations(0).build());
    assertThrows(IllegalArgumentException.class, () -> DicomNodeConfig.builder().storageDirectory(STORE).freeDiskWatermarkBytes(-1).build());
    assertThrows(NullPointerException.class, () -> DicomNodeConfig.builder().build());
    assertThrows(IllegalArgumentException.class, () -> DicomNodeConfig.builder().bindAddress("no.such.host.invalid"));
  }

  @Test
  void aeTitlesFollowTheStandard() {
    assertEquals("SCANNER", new AeTitle("  SCANNER ").value());
    assertThrows(IllegalArgumentException.class, () -> new AeTitle(""));
    assertThrows(IllegalArgumentException.class, () -> new AeTitle("   "));
    assertThrows(IllegalArgumentException.class, () -> new AeTitle("SEVENTEEN_CHARS_X"));
    assertThrows(IllegalArgumentException.class, () -> new AeTitle("BACK\\SLASH"));
    assertThrows(IllegalArgumentException.class, () -> new AeTitle("TAB\tHERE"));
    assertEquals(16, new AeTitle("SIXTEEN_CHARS_XY").value().length());
  }

  @Test
  void statusesFallInTheirClasses() {
    assertTrue(DicomStatus.SUCCESS.isSuccess());
    assertTrue(DicomStatus.OUT_OF_RESOURCES.isFailure());
    assertTrue(DicomStatus.CANNOT_UNDERSTAND.isFailure());
    assertTrue(DicomStatus.of(0xB000).isWarning());
    assertEquals(DicomStatus.OUT_OF_RESOURCES, DicomStatus.of(0xA700));
    assertEquals("A700 Refused: Out of Resources", DicomStatus.OUT_OF_RESOURCES.toString());
  }
}
