package org.neurojepa.training.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteSecretTest {
  @TempDir Path dir;

  @Test
  void theFirstHarvestCreatesAnOwnerOnlySecretBesideTheDatasetAndLaterOnesReadIt() throws IOException {
    Path dataset = dir.resolve("site").resolve("dataset");
    Path file = SiteSecret.defaultFile(dataset);
    assertEquals(dir.resolve("site").resolve("dataset.secret").toAbsolutePath(), file);
    SiteSecret created = SiteSecret.fromFile(file, dataset);
    assertTrue(created.origin().contains("created now"), created.origin());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(Files.readString(file).trim().matches("[0-9a-f]{64}"), "32 random bytes as hex");
    try (var left = Files.list(file.getParent())) {
      assertEquals(1, left.count(), "no temporary file beside it");
    }
    SiteSecret again = SiteSecret.fromFile(file, dataset);
    assertEquals(created.pseudonyms().key("PAT-1"), again.pseudonyms().key("PAT-1"));
    assertEquals(created.pseudonyms().secretCheck(), again.pseudonyms().secretCheck());
    assertTrue(!again.toString().contains(Files.readString(file).trim()), "the secret is never printed");
  }

  @Test
  void aSecretInsideTheDatasetReadableByOthersOrTooShortIsRefused() throws IOException {
    Path dataset = dir.resolve("dataset");
    IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
        () -> SiteSecret.fromFile(dataset.resolve("secret"), dataset));
    assertTrue(inside.getMessage().contains("inside the dataset"), inside.getMessage());
    Path open = Files.writeString(dir.resolve("open.secret"), "0123456789abcdef0123456789abcdef");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    IllegalArgumentException readable = assertThrows(IllegalArgumentException.class,
        () -> SiteSecret.fromFile(open, dataset));
    assertTrue(readable.getMessage().contains("chmod 600"), readable.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SiteSecret.fromEnvironmentValue("short"));
    assertEquals(SiteSecret.fromEnvironmentValue("a long enough site secret").pseudonyms().key("X"),
        new PatientPseudonyms("a long enough site secret".getBytes(StandardCharsets.UTF_8)).key("X"));
  }

  @Test
  void keysAreStablePerPatientAndSecretAndDoNotShowTheId() {
    PatientPseudonyms a = new PatientPseudonyms("secret number one, long".getBytes(StandardCharsets.UTF_8));
    PatientPseudonyms b = new PatientPseudonyms("secret number two, long".getBytes(StandardCharsets.UTF_8));
    String key = a.key("NJ-0001");
    assertTrue(key.matches("[0-9a-f]{32}"), key);
    assertEquals(key, a.key("NJ-0001 "), "DICOM's trailing space does not count");
    assertNotEquals(key, a.key("NJ-0002"));
    assertNotEquals(key, b.key("NJ-0001"), "another secret, another key");
    assertNotEquals(a.secretCheck(), b.secretCheck());
    assertThrows(IllegalArgumentException.class, () -> a.key("  "));
    assertThrows(IllegalArgumentException.class, () -> new PatientPseudonyms(new byte[8]));
  }
}
