package org.neurojepa.pacs.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final long SEGMENT = Journal.MIN_SEGMENT_BYTES;

  @TempDir Path tmp;

  /** Collects what replay hands over. */
  private static final class Collected implements Journal.Replayer {
    final List<JournalRecord> records = new ArrayList<>();
    int flushed;

    @Override
    public void replay(JournalRecord record) {
      records.add(record);
    }

    @Override
    public void replayed() {
      flushed++;
    }
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static JournalRecord record(int i, int size) {
    return new JournalRecord("1.2/3.4/5." + i + ".dcm", i % 2 == 0 ? "" : "1.2/3.3/5." + i + ".dcm", bytes(size, i), size);
  }

  private static Collected reopen(Path dir) throws IOException {
    Collected c = new Collected();
    try (Journal j = Journal.open(dir, SEGMENT, c)) {
      assertNotNull(j);
    }
    return c;
  }

  private static void assertSame(JournalRecord expected, JournalRecord actual) {
    assertEquals(expected.target(), actual.target());
    assertEquals(expected.previous(), actual.previous());
    assertArrayEquals(java.util.Arrays.copyOf(expected.data(), expected.length()),
        java.util.Arrays.copyOf(actual.data(), actual.length()));
  }

  @Test
  void syncedRecordsAreReplayedInAppendOrderAcrossSegmentsThenRecycled() throws Exception {
    Path dir = tmp.resolve("journal");
    List<JournalRecord> written = new ArrayList<>();
    try (Journal j = Journal.open(dir, SEGMENT, new Collected())) {
      assertNotNull(j);
      // 300 KB records: three fit in a 1 MiB segment, so ten need four segments
      for (int i = 0; i < 10; i++) {
        JournalRecord r = record(i, 300_000);
        j.sync(j.append(r));
        written.add(r);
      }
      assertEquals(4, j.segmentCount());
    } // a crash before any record was checkpointed

    Collected replay = reopen(dir);
    assertEquals(10, replay.records.size());
    for (int i = 0; i < 10; i++) {
      assertSame(written.get(i), replay.records.get(i));
    }
    assertEquals(1, replay.flushed, "the replayer makes its work durable once, before the segments are recycled");
    assertEquals(0, reopen(dir).records.size(), "replayed records are recycled away");
  }

  @Test
  void completedRecordsOfFullSegmentsAreRecycledAndTheirSpaceReused() throws Exception {
    Path dir = tmp.resolve("journal");
    try (Journal j = Journal.open(dir, SEGMENT, new Collected())) {
      for (int i = 0; i < 30; i++) {
        Journal.Ticket t = j.append(record(i, 300_000));
        j.sync(t);
        j.completed(t);
        j.reclaim();
      }
      // 30 records of 300 KB (9 MB) went through at most three segments: full ones were reused
      assertEquals(true, j.segmentCount() <= 3, "segments: " + j.segmentCount());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(true, files.filter(p -> p.toString().endsWith(".wal")).count() <= 3);
    }
  }

  @Test
  void aTornLastRecordIsIgnored() throws Exception {
    Path dir = tmp.resolve("journal");
    JournalRecord first = record(0, 50_000);
    try (Journal j = Journal.open(dir, SEGMENT, new Collected())) {
      j.sync(j.append(first));
      j.sync(j.append(record(1, 50_000)));
    }
    // the second append reached the disk only in part: its tail is still the segment's zeros
    Path segment = onlySegment(dir);
    long secondStart = Journal.HEADER_BYTES + Journal.RECORD_HEADER_BYTES + 4 + first.target().length() + 50_000;
    overwrite(segment, secondStart + 30_000, new byte[20_000]);

    Collected replay = reopen(dir);
    assertEquals(1, replay.records.size());
    assertSame(first, replay.records.get(0));
  }

  @Test
  void aRecordWhoseCrcFailsIsNotReplayedNorAnythingAfterIt() throws Exception {
    Path dir = tmp.resolve("journal");
    JournalRecord first = record(0, 50_000);
    try (Journal j = Journal.open(dir, SEGMENT, new Collected())) {
      j.sync(j.append(first));
      j.sync(j.append(record(2, 50_000)));
      j.sync(j.append(record(4, 50_000)));
    }
    Path segment = onlySegment(dir);
    long secondStart = Journal.HEADER_BYTES + Journal.RECORD_HEADER_BYTES + 4 + first.target().length() + 50_000;
    ByteBuffer one = ByteBuffer.allocate(1);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long at = secondStart + Journal.RECORD_HEADER_BYTES + 1000;
      ch.read(one, at);
      one.flip();
      byte flipped = (byte) (one.get(0) ^ 0x10);
      ch.write(ByteBuffer.wrap(new byte[] {flipped}), at);
    }
    Collected replay = reopen(dir);
    assertEquals(1, replay.records.size(), "replay stops at the record whose CRC fails");
    assertSame(first, replay.records.get(0));
  }

  @Test
  void aSegmentWithoutAValidHeaderIsDiscardedAndOnlyOneOwnerAtATime() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("journal"));
    Files.write(dir.resolve("segment-7.wal"), new byte[100]);
    Files.write(dir.resolve("segment-8.wal.new"), new byte[100]);
    try (Journal j = Journal.open(dir, SEGMENT, new Collected())) {
      assertNotNull(j);
      assertEquals(0, j.segmentCount());
      assertNull(Journal.open(dir, SEGMENT, new Collected()), "a second owner is refused while the first holds the lock");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("lock"), files.map(p -> p.getFileName().toString()).toList());
    }
    assertThrows(IllegalArgumentException.class, () -> Journal.open(dir, 4096, new Collected()));
  }

  @Test
  void aRecordLargerThanASegmentIsRefused() throws Exception {
    try (Journal j = Journal.open(tmp.resolve("journal"), SEGMENT, new Collected())) {
      assertThrows(IllegalArgumentException.class, () -> j.append(record(0, (int) SEGMENT)));
    }
  }

  private static Path onlySegment(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.filter(p -> p.toString().endsWith(".wal")).toList();
      assertEquals(1, segments.size());
      return segments.get(0);
    }
  }

  private static void overwrite(Path file, long at, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b, at + b.position());
      }
    }
  }
}
