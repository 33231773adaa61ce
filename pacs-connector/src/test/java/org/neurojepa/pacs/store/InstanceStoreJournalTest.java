package org.neurojepa.pacs.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.pacs.fixtures.DicomFileBuilder;
import org.neurojepa.pacs.fixtures.MrSeries;
import org.neurojepa.pacs.internal.store.Journal;
import org.neurojepa.pacs.internal.store.JournalRecord;

/** Crash states of the journal and what the next open makes of them. */
class InstanceStoreJournalTest {
  @TempDir Path tmp;

  private static String relative(MrSeries series, int slice) {
    return series.studyUid() + "/" + series.seriesUid() + "/" + series.sopInstanceUid(slice) + ".dcm";
  }

  /** What a crash leaves when it comes after the journal sync and before the file reached the disk. */
  private static void journalOnly(Path root, List<JournalRecord> records) throws Exception {
    try (Journal j = Journal.open(root.resolve(".journal"), Journal.MIN_SEGMENT_BYTES, new Journal.Replayer() {
      @Override
      public void replay(JournalRecord record) {
        throw new AssertionError("nothing to replay yet");
      }

      @Override
      public void replayed() {}
    })) {
      assertNotNull(j);
      for (JournalRecord r : records) {
        j.sync(j.append(r));
      }
    }
  }

  @Test
  void aJournalRecordWhoseFileIsMissingIsMaterialisedAndIndexedAtOpen() throws Exception {
    Path root = tmp.resolve("store");
    MrSeries series = new MrSeries("P-REPLAY", 3, "T2", 8, 8);
    byte[] slice0 = series.slice(0).toBytes();
    byte[] slice1 = series.slice(1).toBytes();
    journalOnly(root, List.of(new JournalRecord(relative(series, 0), "", slice0, slice0.length),
        new JournalRecord(relative(series, 1), "", slice1, slice1.length)));
    // a torn file (its data did not reach the disk) stands where slice 1 goes
    Path torn = root.resolve(relative(series, 1));
    Files.createDirectories(torn.getParent());
    Files.write(torn, java.util.Arrays.copyOf(slice1, 200));

    InstanceStore store = InstanceStore.open(root, 0);
    assertEquals(2, store.size());
    StoredInstance replayed = store.instance(series.sopInstanceUid(0)).orElseThrow();
    assertEquals(series.seriesUid(), replayed.seriesInstanceUid());
    assertEquals("T2", replayed.seriesDescription());
    assertArrayEquals(slice0, Files.readAllBytes(replayed.path()));
    assertArrayEquals(slice1, Files.readAllBytes(store.instance(series.sopInstanceUid(1)).orElseThrow().path()));
    try (Stream<Path> segments = Files.list(root.resolve(".journal"))) {
      assertEquals(1, segments.filter(p -> p.toString().endsWith(".wal")).count(), "the segment stays, recycled");
    }
    // replay happens once: the records were recycled after their files were made durable
    Files.delete(replayed.path());
    assertEquals(1, InstanceStore.open(root, 0).size());
  }

  @Test
  void aTornLastRecordIsIgnoredAndItsInstanceWasNeverAcknowledged() throws Exception {
    Path root = tmp.resolve("store");
    MrSeries series = new MrSeries("P-TORN", 1, "T1", 8, 8);
    byte[] slice0 = series.slice(0).toBytes();
    byte[] slice1 = series.slice(1).toBytes();
    JournalRecord first = new JournalRecord(relative(series, 0), "", slice0, slice0.length);
    journalOnly(root, List.of(first, new JournalRecord(relative(series, 1), "", slice1, slice1.length)));
    Path segment;
    try (Stream<Path> files = Files.list(root.resolve(".journal"))) {
      segment = files.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
    }
    // the second record's last bytes never reached the disk
    long secondEnd = 4096L + 2 * (20 + 4) + first.target().length() + relative(series, 1).length()
        + slice0.length + slice1.length;
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[64]), secondEnd - 64);
    }

    InstanceStore store = InstanceStore.open(root, 0);
    assertEquals(1, store.size());
    assertTrue(store.instance(series.sopInstanceUid(0)).isPresent());
    assertFalse(store.instance(series.sopInstanceUid(1)).isPresent());
    assertFalse(Files.exists(root.resolve(relative(series, 1))));
  }

  @Test
  void replayRedoesAMoveBetweenSeriesInOrder() throws Exception {
    Path root = tmp.resolve("store");
    MrSeries series = new MrSeries("P-MOVE", 1, "T1", 8, 8);
    DicomFileBuilder moved = series.slice(0).put(0x0020, 0x000E, "UI", series.seriesUid() + ".9");
    byte[] original = series.slice(0).toBytes();
    byte[] relocated = moved.toBytes();
    String from = relative(series, 0);
    String to = series.studyUid() + "/" + series.seriesUid() + ".9/" + series.sopInstanceUid(0) + ".dcm";
    journalOnly(root, List.of(new JournalRecord(from, "", original, original.length),
        new JournalRecord(to, from, relocated, relocated.length)));

    InstanceStore store = InstanceStore.open(root, 0);
    assertEquals(1, store.size());
    assertEquals(series.seriesUid() + ".9", store.instance(series.sopInstanceUid(0)).orElseThrow().seriesInstanceUid());
    assertFalse(Files.exists(root.resolve(from)));
    assertArrayEquals(relocated, Files.readAllBytes(root.resolve(to)));
  }

  @Test
  void instancesStoredThroughTheJournalSurviveWhenTheirFilesAreLost() throws Exception {
    Path root = tmp.resolve("store");
    MrSeries series = new MrSeries("P-LOST", 2, "FLAIR", 8, 8);
    List<StoredInstance> stored = new java.util.ArrayList<>();
    try (InstanceStore store = InstanceStore.open(root, 0)) {
      for (int i = 0; i < 5; i++) {
        try (IncomingInstance in = store.begin("SCANNER", MrSeries.MR_IMAGE_STORAGE, series.sopInstanceUid(i))) {
          in.stream().write(series.slice(i).toBytes());
          stored.add(in.commit());
        }
        // the file is in place, complete, when the commit returns
        assertArrayEquals(series.slice(i).toBytes(), Files.readAllBytes(stored.get(i).path()));
      }
    }
    // the worst a machine crash can do to files whose records are still in the active segment
    for (StoredInstance s : stored) {
      Files.delete(s.path());
    }
    InstanceStore reopened = InstanceStore.open(root, 0);
    assertEquals(5, reopened.size());
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(series.slice(i).toBytes(), Files.readAllBytes(reopened.instance(series.sopInstanceUid(i)).orElseThrow().path()));
    }
  }

  @Test
  void withoutTheJournalInstancesAreStoredDirectly() throws Exception {
    Path root = tmp.resolve("store");
    MrSeries series = new MrSeries("P-DIRECT", 2, "FLAIR", 8, 8);
    try (InstanceStore store = InstanceStore.open(root, 0, 0)) {
      try (IncomingInstance in = store.begin("SCANNER", MrSeries.MR_IMAGE_STORAGE, series.sopInstanceUid(0))) {
        in.stream().write(series.slice(0).toBytes());
        in.commit();
      }
      assertEquals(1, store.size());
    }
    assertFalse(Files.exists(root.resolve(".journal")));
    assertEquals(1, InstanceStore.open(root, 0).size());
  }
}
