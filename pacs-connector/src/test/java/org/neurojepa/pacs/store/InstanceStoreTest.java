package org.neurojepa.pacs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.fixtures.DicomFileBuilder;
import org.neurojepa.pacs.fixtures.MrSeries;

class InstanceStoreTest {
  @TempDir Path tmp;

  private static StoredInstance put(InstanceStore store, DicomFileBuilder instance) throws Exception {
    try (IncomingInstance in = store.begin("SCANNER", MrSeries.MR_IMAGE_STORAGE, instance.get(0x0008, 0x0018))) {
      in.stream().write(instance.toBytes());
      return in.commit();
    }
  }

  @Test
  void theIndexIsRebuiltFromDiskAndQueriesAnswer() throws Exception {
    Path root = tmp.resolve("store");
    InstanceStore store = InstanceStore.open(root, 0);
    MrSeries t1 = new MrSeries("P1", 1, "T1", 8, 8);
    MrSeries t2 = new MrSeries("P1", t1.studyUid(), 2, "T2", 8, 8);
    MrSeries other = new MrSeries("P2", 1, "FLAIR", 8, 8);
    for (int i = 0; i < 3; i++) {
      put(store, t1.slice(i));
    }
    put(store, t2.slice(0));
    put(store, other.slice(0));
    assertEquals(5, store.size());
    List<StudySummary> studies = store.studies();
    assertEquals(2, studies.size());
    StudySummary study = studies.stream().filter(s -> s.studyInstanceUid().equals(t1.studyUid())).findFirst().orElseThrow();
    assertEquals(4, study.instanceCount());
    assertEquals(List.of(3, 1), study.series().stream().map(SeriesSummary::instanceCount).toList());
    assertEquals(List.of("T1", "T2"), study.series().stream().map(SeriesSummary::seriesDescription).toList());
    assertEquals(3, store.instances(t1.seriesUid()).size());

    // what a crash leaves: a temporary file of an unacknowledged instance, and a foreign unreadable file
    Files.write(root.resolve(".incoming").resolve("half.part"), new byte[100]);
    Path junk = Files.createDirectories(root.resolve("1.2").resolve("3.4")).resolve("5.6.dcm");
    Files.writeString(junk, "not dicom");

    InstanceStore reopened = InstanceStore.open(root, 0);
    Comparator<StoredInstance> bySop = Comparator.comparing(StoredInstance::sopInstanceUid);
    assertEquals(store.instances(t1.seriesUid()).stream().sorted(bySop).toList(),
        reopened.instances(t1.seriesUid()).stream().sorted(bySop).toList());
    assertEquals(store.studies(), reopened.studies());
    assertFalse(Files.exists(root.resolve(".incoming").resolve("half.part")));
    assertTrue(Files.exists(junk), "an unreadable file is left alone, not indexed");
    assertEquals(5, reopened.size());
    store.close(); // its background threads stop before @TempDir goes
  }

  @Test
  void aDeletedSeriesLeavesTheIndexAndTheDiskAndCanBeReceivedAgain() throws Exception {
    InstanceStore store = InstanceStore.open(tmp.resolve("store"), 0);
    MrSeries t1 = new MrSeries("P1", 1, "T1", 8, 8);
    MrSeries t2 = new MrSeries("P1", t1.studyUid(), 2, "T2", 8, 8);
    for (int i = 0; i < 3; i++) {
      put(store, t1.slice(i));
    }
    put(store, t2.slice(0));
    Path t1Dir = store.root().resolve(t1.studyUid()).resolve(t1.seriesUid());
    assertEquals(3, store.deleteSeries(t1.studyUid(), t1.seriesUid()));
    assertEquals(List.of(), store.instances(t1.seriesUid()));
    assertFalse(Files.exists(t1Dir));
    assertTrue(Files.isDirectory(t1Dir.getParent()), "the study folder stays while the T2 series is in it");
    assertEquals(1, store.size());
    // received again after the deletion: stored anew, not taken for a duplicate of a missing file
    StoredInstance again = put(store, t1.slice(0));
    assertTrue(Files.isRegularFile(again.path()));
    assertEquals(1, store.deleteSeries(t1.studyUid(), t1.seriesUid()));
    assertEquals(1, store.deleteSeries(t2.studyUid(), t2.seriesUid()));
    assertFalse(Files.exists(t1Dir.getParent()), "an empty study folder goes too");
    assertEquals(0, store.deleteSeries(t2.studyUid(), t2.seriesUid()));
    assertThrows(IllegalArgumentException.class, () -> store.deleteSeries("..", t1.seriesUid()));
    store.close();
  }

  @Test
  void refusalsCarryTheirStatusAndLeaveNothingBehind() throws Exception {
    InstanceStore store = InstanceStore.open(tmp.resolve("store"), 0);
    MrSeries series = new MrSeries("P1", 1, "T1", 8, 8);
    InstanceRejectedException ct = assertThrows(InstanceRejectedException.class,
        () -> store.begin("SCANNER", "1.2.840.10008.5.1.4.1.1.2", "1.2.3"));
    assertEquals(DicomStatus.SOP_CLASS_NOT_SUPPORTED, ct.status());

    InstanceRejectedException mismatch = assertThrows(InstanceRejectedException.class, () -> {
      try (IncomingInstance in = store.begin("SCANNER", MrSeries.MR_IMAGE_STORAGE, "1.2.3.999")) {
        in.stream().write(series.slice(0).toBytes());
        in.commit();
      }
    });
    assertEquals(DicomStatus.CANNOT_UNDERSTAND, mismatch.status());
    assertTrue(mismatch.getMessage().contains("differs from the C-STORE request"), mismatch.getMessage());

    InstanceRejectedException garbage = assertThrows(InstanceRejectedException.class, () -> {
      try (IncomingInstance in = store.begin("SCANNER", MrSeries.MR_IMAGE_STORAGE, "1.2.3")) {
        in.stream().write(new byte[] {1, 2, 3});
        in.commit();
      }
    });
    assertEquals(DicomStatus.CANNOT_UNDERSTAND, garbage.status());

    try (IncomingInstance abandoned = store.begin("SCANNER", MrSeries.MR_IMAGE_STORAGE, "1.2.3")) {
      abandoned.stream().write(new byte[10]);
    }
    try (var files = Files.walk(tmp.resolve("store"))) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
    assertEquals(0, store.size());
    store.close();
  }
}
