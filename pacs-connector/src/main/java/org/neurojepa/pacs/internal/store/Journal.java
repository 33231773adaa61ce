package org.neurojepa.pacs.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's write-ahead journal: preallocated, zero-filled, already-synced segment files in
 * {@code <root>/.journal}. An instance is appended in place and made durable with one
 * {@code fdatasync} ({@link FileChannel#force(boolean) force(false)}): the file's size and blocks
 * do not change, so no file system metadata has to be committed, which is what makes this cheaper
 * than a new file plus a rename plus a directory sync. Concurrent appenders share one sync (group
 * commit).
 *
 * <p>Segment layout: a 4 KiB header (magic, version, generation), then records, each
 * {@code magic, generation, payload length, CRC32C of the payload} and the payload (target path,
 * previous path, Part 10 bytes). A scan stops at the first record whose magic, generation, length
 * or CRC does not hold: that is the end of what was written (zeros, or records of an earlier
 * generation of a recycled segment) or a torn append that was never acknowledged, since an append
 * is acknowledged only after a sync that covers it and everything before it.
 *
 * <p>A segment whose records are all durable in their own files is recycled: its header gets a
 * new generation, which makes its old records invisible. A segment gets a new generation again
 * when it becomes the active one, so generations grow in the order segments take appends, and
 * replay in generation order is replay in append order.
 *
 * <p>One process appends at a time: the journal holds an exclusive lock on {@code .journal/lock}.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int SEGMENT_MAGIC = 0x4C574A4E; // "NJWL" little endian
  private static final int RECORD_MAGIC = 0x52574A4E; // "NJWR"
  private static final int VERSION = 1;
  static final int HEADER_BYTES = 4096;
  static final int RECORD_HEADER_BYTES = 20;
  private static final String PREFIX = "segment-";
  private static final String SUFFIX = ".wal";
  /** Smallest segment accepted: the header plus room for a few records. */
  public static final long MIN_SEGMENT_BYTES = 1 << 20;

  /** Where an append ended; durable once {@link #sync(Ticket)} returns. */
  public static final class Ticket {
    private final Segment segment;
    private final long end;

    private Ticket(Segment segment, long end) {
      this.segment = segment;
      this.end = end;
    }
  }

  /** What replay calls for each valid record, oldest first. */
  public interface Replayer {
    void replay(JournalRecord record) throws IOException;

    /** Called once after the last record, before the segments are recycled: make the replay durable. */
    void replayed() throws IOException;
  }

  private static final class Segment {
    final Path path;
    final FileChannel channel;
    long generation;
    volatile long written = HEADER_BYTES;
    volatile long synced = HEADER_BYTES;
    final AtomicInteger outstanding = new AtomicInteger();

    Segment(Path path, FileChannel channel, long generation) {
      this.path = path;
      this.channel = channel;
      this.generation = generation;
    }
  }

  private final Path dir;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final Deque<Segment> free = new ArrayDeque<>();
  private final List<Segment> sealed = new ArrayList<>();
  private final List<Segment> all = new ArrayList<>();
  private final Object syncMonitor = new Object();
  private IOException failure;
  private Segment active;
  private boolean preparing;
  /** Starts at 1: generation 0 marks a segment that never took an append. */
  private long nextGeneration = 1;
  private int nextIndex;
  private boolean closed;

  private Journal(Path dir, long segmentBytes, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Takes the journal in {@code dir}: locks it, replays every valid record of every segment in
   * append order through {@code replayer} (which must make each record's file durable), then
   * recycles all segments. Returns null, having replayed nothing, when another journal (in this
   * process or another) holds the lock: its records are its owner's to replay.
   */
  public static Journal open(Path dir, long segmentBytes, Replayer replayer) throws IOException {
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException("journal segment size " + segmentBytes + " is below " + MIN_SEGMENT_BYTES);
    }
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      return null;
    }
    Journal journal = new Journal(dir, segmentBytes, lockChannel, lock);
    try {
      journal.recover(replayer);
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e;
    }
    return journal;
  }

  /** The largest record payload (target, previous, Part 10 bytes together) a segment can hold. */
  public long maxRecordBytes() {
    return segmentBytes - HEADER_BYTES - RECORD_HEADER_BYTES - 2 * (2 + 512);
  }

  private void recover(Replayer replayer) throws IOException {
    List<Segment> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : files) {
        nextIndex = Math.max(nextIndex, indexOf(p) + 1);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long generation = readHeader(ch);
        if (generation < 0 || ch.size() < HEADER_BYTES + RECORD_HEADER_BYTES) {
          // a segment whose creation was interrupted before its header was synced holds nothing acknowledged
          LOG.warn("journal segment {} has no valid header; discarding it", p);
          ch.close();
          Files.delete(p);
          continue;
        }
        found.add(new Segment(p, ch, generation));
      }
    }
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX + ".new")) {
      for (Path p : parts) {
        Files.delete(p);
      }
    }
    found.sort(Comparator.comparingLong(s -> s.generation));
    all.addAll(found);
    int replayed = 0;
    for (Segment s : found) {
      replayed += scan(s, replayer);
      nextGeneration = Math.max(nextGeneration, s.generation + 1);
    }
    replayer.replayed();
    if (replayed > 0) {
      LOG.info("journal {}: {} records replayed", dir, replayed);
    }
    for (Segment s : found) {
      recycle(s);
      free.add(s);
    }
  }

  /** Replays the valid records of one segment; returns how many. */
  private int scan(Segment s, Replayer replayer) throws IOException {
    long size = s.channel.size();
    long pos = HEADER_BYTES;
    int n = 0;
    ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    while (pos + RECORD_HEADER_BYTES <= size) {
      head.clear();
      readFully(s.channel, head, pos);
      head.flip();
      int magic = head.getInt();
      long generation = head.getLong();
      int length = head.getInt();
      int crc = head.getInt();
      if (magic != RECORD_MAGIC || generation != s.generation) {
        break;
      }
      if (length < 4 || pos + RECORD_HEADER_BYTES + length > size) {
        LOG.warn("journal segment {}: record at {} declares {} bytes past the segment's end; it was never acknowledged",
            s.path, pos, length);
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      readFully(s.channel, payload, pos + RECORD_HEADER_BYTES);
      CRC32C check = new CRC32C();
      check.update(payload.array(), 0, length);
      if ((int) check.getValue() != crc) {
        LOG.warn("journal segment {}: record at {} fails its CRC (a torn append, never acknowledged); replay stops there",
            s.path, pos);
        break;
      }
      payload.flip();
      String target = string(payload);
      String previous = string(payload);
      int offset = payload.position();
      byte[] data = java.util.Arrays.copyOfRange(payload.array(), offset, length);
      replayer.replay(new JournalRecord(target, previous, data, data.length));
      n++;
      pos += RECORD_HEADER_BYTES + length;
    }
    return n;
  }

  /**
   * Appends a record (not yet durable: call {@link #sync}). The caller must later report it
   * {@link #completed} once the record's file and directory are durable.
   */
  public Ticket append(JournalRecord record) throws IOException {
    byte[] target = record.target().getBytes(StandardCharsets.UTF_8);
    byte[] previous = record.previous().getBytes(StandardCharsets.UTF_8);
    if (target.length > 0xFFFF || previous.length > 0xFFFF) {
      throw new IllegalArgumentException("path too long for the journal");
    }
    int payloadLength = 4 + target.length + previous.length + record.length();
    if (payloadLength > maxRecordBytes()) {
      throw new IllegalArgumentException("record of " + payloadLength + " bytes exceeds the segment's capacity");
    }
    ByteBuffer paths = ByteBuffer.allocate(4 + target.length + previous.length).order(ByteOrder.LITTLE_ENDIAN);
    paths.putShort((short) target.length).put(target).putShort((short) previous.length).put(previous).flip();
    CRC32C crc = new CRC32C();
    crc.update(paths.array(), 0, paths.limit());
    crc.update(record.data(), 0, record.length());
    ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer data = ByteBuffer.wrap(record.data(), 0, record.length());
    long size = RECORD_HEADER_BYTES + (long) payloadLength;
    appendLock.lock();
    try {
      if (closed) {
        throw new IOException("the journal is closed");
      }
      if (failed()) {
        throw new IOException("the journal failed to sync earlier and takes no more appends");
      }
      if (active == null || active.written + size > segmentBytes) {
        switchSegment();
      }
      Segment s = active;
      head.putInt(RECORD_MAGIC).putLong(s.generation).putInt(payloadLength).putInt((int) crc.getValue()).flip();
      long pos = s.written;
      s.channel.position(pos);
      ByteBuffer[] parts = {head, paths, data};
      long left = size;
      while (left > 0) {
        left -= s.channel.write(parts);
      }
      s.outstanding.incrementAndGet();
      s.written = pos + size;
      return new Ticket(s, pos + size);
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Makes the append durable. Whoever gets to sync a segment first forces everything written to
   * it so far, so appenders that wait here behind it usually find their append already covered
   * (group commit). The sync runs in the caller's thread: handing it to another thread costs two
   * context switches, which on a busy machine cost more than they hide.
   */
  public void sync(Ticket ticket) throws IOException {
    Segment s = ticket.segment;
    if (s.synced >= ticket.end) {
      return;
    }
    synchronized (s) {
      long generation;
      long covered;
      synchronized (syncMonitor) {
        if (failure != null) {
          throw new IOException("the journal failed to sync earlier", failure);
        }
        if (s.synced >= ticket.end) {
          return;
        }
        generation = s.generation;
        covered = s.written;
      }
      try {
        s.channel.force(false);
      } catch (IOException e) {
        synchronized (syncMonitor) {
          failure = e;
        }
        LOG.error("journal sync failed; the journal takes no more appends", e);
        throw e;
      }
      synchronized (syncMonitor) {
        if (s.generation == generation) { // not recycled meanwhile
          s.synced = Math.max(s.synced, covered);
        }
      }
    }
  }

  /**
   * True once a sync has failed: after a failed fsync the kernel may have dropped the dirty pages,
   * so nothing more is appended here; the store writes instances directly instead.
   */
  public boolean failed() {
    synchronized (syncMonitor) {
      return failure != null;
    }
  }

  /** The record's file and directory are durable: its segment no longer needs it. */
  public void completed(Ticket ticket) {
    ticket.segment.outstanding.decrementAndGet();
  }

  /**
   * Recycles the full segments whose records are all complete and, when the active segment is
   * past half full and none is spare, prepares the next one (outside the append lock:
   * zero-filling a segment takes a while), so an append rarely waits for a segment to be created.
   * Once recycling keeps up, no segment is created again.
   */
  public void reclaim() throws IOException {
    int index;
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      for (var it = sealed.iterator(); it.hasNext(); ) {
        Segment s = it.next();
        if (s.outstanding.get() == 0) {
          recycle(s);
          it.remove();
          free.add(s);
        }
      }
      if (preparing || !free.isEmpty() || active == null || active.written <= segmentBytes / 2) {
        return;
      }
      preparing = true;
      index = nextIndex++;
    } finally {
      appendLock.unlock();
    }
    Segment spare = null;
    try {
      spare = createSegment(index);
    } finally {
      appendLock.lock();
      try {
        preparing = false;
        if (spare != null) {
          all.add(spare);
          if (closed) {
            spare.channel.close();
          } else {
            free.add(spare);
          }
        }
      } finally {
        appendLock.unlock();
      }
    }
  }

  /** Segment files on disk (active, full and spare). */
  public int segmentCount() {
    appendLock.lock();
    try {
      return all.size();
    } finally {
      appendLock.unlock();
    }
  }

  private void switchSegment() throws IOException {
    if (active != null) {
      sealed.add(active);
    }
    Segment next = free.poll();
    if (next == null) {
      next = createSegment(nextIndex++);
      all.add(next);
    }
    // a new generation at activation: generations then grow in the order segments take appends,
    // which is the order replay needs, wherever the segment came from
    recycle(next);
    active = next;
  }

  /** Gives the segment a new generation, which makes its old records invisible, and empties it. */
  private void recycle(Segment s) throws IOException {
    long generation = nextGeneration++;
    writeHeader(s.channel, generation);
    s.channel.force(false);
    synchronized (syncMonitor) {
      s.generation = generation;
      s.written = HEADER_BYTES;
      s.synced = HEADER_BYTES;
    }
  }

  /** A new zero-filled, synced segment file; its generation (-1) is set when it becomes active. */
  private Segment createSegment(int index) throws IOException {
    Path path = dir.resolve(PREFIX + index + SUFFIX);
    Path part = dir.resolve(path.getFileName() + ".new");
    Files.deleteIfExists(part);
    try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      // forced 4 MiB at a time: one 32 MiB writeback would queue every journal sync behind it
      ByteBuffer zeros = ByteBuffer.allocateDirect(4 << 20);
      for (long pos = 0; pos < segmentBytes; ) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - pos));
        while (zeros.hasRemaining()) {
          pos += ch.write(zeros, pos);
        }
        ch.force(false);
      }
      // a header of ours with no records: a crash before activation leaves an empty segment
      writeHeader(ch, 0);
      ch.force(true);
    }
    // the rename is what makes a segment exist: a crash before it leaves only a *.new file
    Files.move(part, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(dir);
    LOG.debug("journal segment {} created ({} bytes)", path, segmentBytes);
    return new Segment(path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE), 0);
  }

  private static void writeHeader(FileChannel ch, long generation) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(SEGMENT_MAGIC).putInt(VERSION).putLong(generation).flip();
    while (header.hasRemaining()) {
      ch.write(header, header.position());
    }
  }

  /** The segment's generation, or -1 when its header is not one of ours. */
  private static long readHeader(FileChannel ch) throws IOException {
    if (ch.size() < 16) {
      return -1;
    }
    ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, header, 0);
    header.flip();
    if (header.getInt() != SEGMENT_MAGIC || header.getInt() != VERSION) {
      return -1;
    }
    return header.getLong();
  }

  private static void readFully(FileChannel ch, ByteBuffer buffer, long pos) throws IOException {
    long p = pos;
    while (buffer.hasRemaining()) {
      int n = ch.read(buffer, p);
      if (n < 0) {
        throw new java.io.EOFException("journal segment ends at " + p);
      }
      p += n;
    }
  }

  private static String string(ByteBuffer b) {
    int n = Short.toUnsignedInt(b.getShort());
    byte[] bytes = new byte[n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int indexOf(Path segment) {
    String name = segment.getFileName().toString();
    try {
      return Integer.parseInt(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Releases the lock and the segment files; records not yet completed are replayed at the next open. */
  @Override
  public void close() throws IOException {
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Segment s : all) {
        s.channel.close();
      }
    } finally {
      appendLock.unlock();
    }
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
