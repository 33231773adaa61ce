package org.neurojepa.training.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.Split;

/** Conditions in a Bundle and in NDJSON become EHR labels per pseudonymous patient. */
class ConditionLabelsTest {
  @TempDir Path dir;
  static final String SYSTEM = "urn:neurojepa:patient-id";

  private static String condition(String subject, String code, String verification) {
    return "{\"resourceType\":\"Condition\"," + subject + ",\"code\":{\"coding\":[{\"system\":"
        + "\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"" + code + "\"}]}"
        + (verification == null ? "" : ",\"verificationStatus\":{\"coding\":[{\"code\":\"" + verification + "\"}]}")
        + "}";
  }

  private static DatasetEntry patient(String key) {
    return new DatasetEntry(key, "1.2.3", "1.2.3." + key.length(), SequenceType.T1W, Split.TRAIN, "a.nii.gz",
        "0".repeat(64), Map.of());
  }

  @Test
  void bundlesWithReferencesAndNdjsonWithIdentifiersGiveLabelsPerPatient() throws IOException {
    Files.writeString(dir.resolve("a.json"), "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":["
        + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"x\",\"identifier\":[{\"system\":\"" + SYSTEM
        + "\",\"value\":\"P1\"}]}},"
        + "{\"resource\":" + condition("\"subject\":{\"reference\":\"Patient/x\"}", "I61.5", null) + "},"
        + "{\"resource\":" + condition("\"subject\":{\"reference\":\"Patient/x\"}", "F32.9", null) + "},"
        + "{\"resource\":" + condition("\"subject\":{\"reference\":\"Patient/unknown\"}", "C71.9", null) + "}]}");
    Files.writeString(dir.resolve("b.ndjson"),
        condition("\"subject\":{\"identifier\":{\"system\":\"" + SYSTEM + "\",\"value\":\"P2\"}}", "J45.9", null) + "\n"
        + condition("\"subject\":{\"identifier\":{\"system\":\"" + SYSTEM + "\",\"value\":\"P2\"}}", "C71.1", "refuted")
        + "\n");
    ConditionLabels.Result r = ConditionLabels.read(dir, SYSTEM, id -> "key-" + id);
    assertEquals(5, r.conditions());
    assertEquals(1, r.unresolvedSubjects());
    assertEquals(1, r.notCounted(), "the refuted cancer");
    LabelTable t = r.labels();
    assertEquals(Icd10Rules.LABELS, t.labels());
    Boolean[] p1 = t.of(patient("key-P1")).orElseThrow();
    assertTrue(p1[t.labels().indexOf("IVH")] && p1[t.labels().indexOf("ICH")] && p1[t.labels().indexOf("Haemorrhage")]);
    assertTrue(p1[t.labels().indexOf("Major depressive disorder")]);
    assertEquals(Boolean.FALSE, p1[t.labels().indexOf("Cancer")]);
    Boolean[] p2 = t.of(patient("key-P2")).orElseThrow();
    Boolean[] allNegative = new Boolean[Icd10Rules.LABELS.size()];
    java.util.Arrays.fill(allNegative, Boolean.FALSE);
    assertArrayEquals(allNegative, p2, "asthma and a refuted cancer: every label negative");
    assertTrue(t.of(patient("key-P3")).isEmpty(), "a patient without Conditions is unknown");
  }

  @Test
  void inputThatIsNotFhirIsRefused() throws IOException {
    Files.writeString(dir.resolve("bad.json"), "{\"hello\": 1}");
    assertThrows(IOException.class, () -> ConditionLabels.read(dir.resolve("bad.json"), SYSTEM, id -> id));
    Files.writeString(dir.resolve("broken.ndjson"), "{\"resourceType\":\"Condition\"}\n{not json\n");
    IOException e = assertThrows(IOException.class, () -> ConditionLabels.read(dir.resolve("broken.ndjson"), SYSTEM,
        id -> id));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertThrows(IOException.class, () -> ConditionLabels.read(dir.resolve("empty-dir-absent"), SYSTEM, id -> id));
  }
}
