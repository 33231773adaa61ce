package org.neurojepa.pacs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.file.DicomFile;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;

/** Part 10 files pulled from an archive enter the store as if their source had sent them. */
class Part10IngestTest {
  @TempDir Path dir;

  @Test
  void aPart10FileIsStoredAsSentByItsSourceWithTheDataSetUnchanged() throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build()).build(), dir.resolve("in"));
    Path file = study.series().get(0).files().get(0);
    try (InstanceStore store = InstanceStore.open(dir.resolve("store"), 0)) {
      List<StoredInstance> seen = new ArrayList<>();
      store.addListener(new InstanceStoredListener() {
        @Override
        public void instanceStored(StoredInstance instance, StoreOutcome outcome) {
          seen.add(instance);
        }
      });
      StoredInstance stored = new Part10Ingest(store).store(file, "ARCHIVE");
      assertEquals("ARCHIVE", stored.callingAeTitle());
      assertEquals(DicomFile.read(file).string(DicomTag.SOP_INSTANCE_UID), DicomFile.read(stored.path())
          .string(DicomTag.SOP_INSTANCE_UID));
      assertEquals(1, seen.size());
      // the data set after the meta information is byte for byte the source's
      assertArrayEquals(dataSet(Files.readAllBytes(file)), dataSet(Files.readAllBytes(stored.path())));
      // a second pull of the same instance changes nothing
      new Part10Ingest(store).store(file, "ARCHIVE");
      assertEquals(1, store.size());
    }
  }

  @Test
  void aFileThatIsNotPart10IsRefusedWithTheReason() throws Exception {
    Path junk = dir.resolve("junk.dcm");
    Files.write(junk, new byte[300]);
    try (InstanceStore store = InstanceStore.open(dir.resolve("store"), 0)) {
      InstanceRejectedException e = assertThrows(InstanceRejectedException.class,
          () -> new Part10Ingest(store).store(junk, "ARCHIVE"));
      assertTrue(e.getMessage().contains("not a DICOM Part 10 file"), e.getMessage());
      assertEquals(0, store.size());
    }
  }

  private static byte[] dataSet(byte[] part10) {
    int groupLength = (part10[140] & 0xff) | (part10[141] & 0xff) << 8 | (part10[142] & 0xff) << 16
        | (part10[143] & 0xff) << 24;
    return Arrays.copyOfRange(part10, 144 + groupLength, part10.length);
  }
}
