package org.neurojepa.pacs.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.neurojepa.pacs.internal.store.Journal;
import org.neurojepa.pacs.internal.store.JournalRecord;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.dicom.SopClass;
import org.neurojepa.pacs.internal.net.DatasetStructure;
import org.neurojepa.pacs.internal.net.DicomHeader;
import org.neurojepa.pacs.internal.net.DicomHeaderReader;
import org.neurojepa.pacs.internal.net.MalformedDicomException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable instance store: {@code <root>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm}.
 *
 * <p>An instance is acknowledged only once it is durable. The usual way is the write-ahead journal
 * in {@code <root>/.journal}: the instance (held in memory while it arrives) is appended to a
 * preallocated segment, its bytes are written to a temporary file (page cache only), the segment
 * is made durable with one data-only sync, and only then is the file renamed into place and the
 * instance entered in the index and handed to the listeners, so
 * {@link StoredInstance#path()} names a complete, readable file by the time anyone hears of it. A
 * background checkpointer forces those files and each touched directory once per batch and then
 * lets the journal recycle the records. At {@link #open} the journal's records are replayed (files
 * missing or different are rewritten, present ones forced) before the index is rebuilt from the
 * files, so nothing acknowledged is lost by a crash, even of the machine.
 *
 * <p>Instances larger than the in-memory limit, and every instance when the journal is disabled
 * (segment size 0) or held by another store on the same directory, go the direct way: written to
 * {@code <root>/.incoming}, forced, renamed atomically into place, directory forced.
 * Below the free-disk watermark new instances are refused with Out of Resources.
 */
public final class InstanceStore implements AutoCloseable {
  static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);
  private static final String INCOMING = ".incoming";
  static final String SUFFIX = ".dcm";
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  private static final int LOCK_STRIPES = 64;
  private static final String JOURNAL = ".journal";
  private static final String SPARE = ".spare";
  /** Default journal segment size; in steady state the journal holds two or three segments. */
  public static final long DEFAULT_JOURNAL_SEGMENT_BYTES = 32L << 20;
  /** Instances up to this size are held in memory and journaled; larger ones are written directly. */
  private static final long MAX_IN_MEMORY_BYTES = 16L << 20;

  private final Path root;
  private final Path incoming;
  private final long freeDiskWatermarkBytes;
  private final Map<String, StoredInstance> index = new ConcurrentHashMap<>();
  private final List<InstanceStoredListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
  private final long journalSegmentBytes;
  private final TemporaryFiles temporaryFiles;
  private FileStore fileStore;
  private Journal journal;
  private Checkpointer checkpointer;
  private boolean closed;

  private InstanceStore(Path root, long freeDiskWatermarkBytes, long journalSegmentBytes) {
    this.root = root;
    this.incoming = root.resolve(INCOMING);
    this.freeDiskWatermarkBytes = freeDiskWatermarkBytes;
    this.journalSegmentBytes = journalSegmentBytes;
    this.temporaryFiles = new TemporaryFiles(incoming, root.resolve(SPARE), UUID.randomUUID().toString());
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Opens (creating if needed) the store under {@code root}, deletes unacknowledged temporary files
   * left by a crash, and rebuilds the index from the instance files.
   */
  public static InstanceStore open(Path root, long freeDiskWatermarkBytes) throws IOException {
    return open(root, freeDiskWatermarkBytes, DEFAULT_JOURNAL_SEGMENT_BYTES);
  }

  /**
   * As {@link #open(Path, long)}, with the journal's segment size; 0 disables the journal (every
   * instance then costs a file sync, a rename and a directory sync before its acknowledgement).
   * Records left in an existing journal are replayed whatever the size given.
   */
  public static InstanceStore open(Path root, long freeDiskWatermarkBytes, long journalSegmentBytes) throws IOException {
    Objects.requireNonNull(root, "root");
    if (freeDiskWatermarkBytes < 0) {
      throw new IllegalArgumentException("freeDiskWatermarkBytes must be >= 0");
    }
    if (journalSegmentBytes != 0 && journalSegmentBytes < Journal.MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException("journalSegmentBytes must be 0 (no journal) or at least " + Journal.MIN_SEGMENT_BYTES);
    }
    InstanceStore store = new InstanceStore(root.toAbsolutePath().normalize(), freeDiskWatermarkBytes, journalSegmentBytes);
    store.recover();
    return store;
  }

  public Path root() {
    return root;
  }

  public void addListener(InstanceStoredListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(InstanceStoredListener listener) {
    listeners.remove(listener);
  }

  /**
   * Starts receiving one instance announced by a C-STORE request. Refuses it at once (before its
   * data is written anywhere) when the SOP class is not one we store or the disk is below the
   * watermark.
   */
  public IncomingInstance begin(String callingAeTitle, String sopClassUid, String sopInstanceUid)
      throws InstanceRejectedException {
    Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    Objects.requireNonNull(sopClassUid, "sopClassUid");
    Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
    if (SopClass.ofUid(sopClassUid).filter(SopClass::isStorage).isEmpty()) {
      throw reject(callingAeTitle, sopClassUid, sopInstanceUid, DicomStatus.SOP_CLASS_NOT_SUPPORTED,
          "SOP class " + sopClassUid + " is not stored here", null);
    }
    long usable;
    try {
      usable = fileStore.getUsableSpace();
    } catch (IOException e) {
      throw reject(callingAeTitle, sopClassUid, sopInstanceUid, DicomStatus.OUT_OF_RESOURCES,
          "cannot read the free space of " + root + ": " + e.getMessage(), e);
    }
    if (usable < freeDiskWatermarkBytes) {
      throw reject(callingAeTitle, sopClassUid, sopInstanceUid, DicomStatus.OUT_OF_RESOURCES,
          "usable disk space " + usable + " bytes is below the watermark of " + freeDiskWatermarkBytes + " bytes", null);
    }
    long inMemory = journalSegmentBytes == 0 ? 0 : Math.min(MAX_IN_MEMORY_BYTES, journalSegmentBytes / 4);
    return new IncomingInstance(this, temporaryFile(), inMemory, callingAeTitle, sopClassUid, sopInstanceUid);
  }

  private Path temporaryFile() {
    return temporaryFiles.name();
  }

  /** The instance with this SOP Instance UID, if stored. */
  public Optional<StoredInstance> instance(String sopInstanceUid) {
    return Optional.ofNullable(index.get(sopInstanceUid));
  }

  /** Number of instances stored. */
  public int size() {
    return index.size();
  }

  /** Studies with their series and instance counts. */
  public List<StudySummary> studies() {
    Map<String, List<StoredInstance>> byStudy =
        index.values().stream().collect(Collectors.groupingBy(StoredInstance::studyInstanceUid));
    return byStudy.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new StudySummary(e.getKey(), e.getValue().get(0).patientId(), summarise(e.getValue())))
        .toList();
  }

  /** The series of one study; empty when the study is unknown. */
  public List<SeriesSummary> series(String studyInstanceUid) {
    return summarise(index.values().stream()
        .filter(i -> i.studyInstanceUid().equals(studyInstanceUid)).toList());
  }

  /** The instances of one series, ordered by SOP Instance UID; empty when the series is unknown. */
  public List<StoredInstance> instances(String seriesInstanceUid) {
    return index.values().stream()
        .filter(i -> i.seriesInstanceUid().equals(seriesInstanceUid))
        .sorted(Comparator.comparing(StoredInstance::sopInstanceUid))
        .toList();
  }

  /**
   * Removes a series from the store: its instances leave the index and their files and folder are
   * deleted. For a store used as scratch space, whose series are consumed once received (the
   * archive harvest's). Instances of the series still arriving meanwhile may stay. A crash soon
   * after may bring the files back at the next {@link #open}: their journal records are replayed
   * until the checkpointer has made them durable, so delete a scratch store's folder when done.
   *
   * @return how many instances were removed
   */
  public int deleteSeries(String studyInstanceUid, String seriesInstanceUid) throws IOException {
    Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    if (!UID.matcher(studyInstanceUid).matches() || !UID.matcher(seriesInstanceUid).matches()) {
      throw new IllegalArgumentException("not UIDs: '" + studyInstanceUid + "', '" + seriesInstanceUid + "'");
    }
    int removed = 0;
    for (StoredInstance i : instances(seriesInstanceUid)) {
      if (!i.studyInstanceUid().equals(studyInstanceUid)) {
        continue;
      }
      ReentrantLock lock = locks[Math.floorMod(i.sopInstanceUid().hashCode(), LOCK_STRIPES)];
      lock.lock();
      try {
        if (index.remove(i.sopInstanceUid(), i)) {
          Files.deleteIfExists(i.path());
          removed++;
        }
      } finally {
        lock.unlock();
      }
    }
    Path seriesDir = root.resolve(studyInstanceUid).resolve(seriesInstanceUid);
    deleteIfEmpty(seriesDir);
    deleteIfEmpty(seriesDir.getParent());
    return removed;
  }

  private static void deleteIfEmpty(Path dir) throws IOException {
    try {
      Files.deleteIfExists(dir);
    } catch (java.nio.file.DirectoryNotEmptyException stillInUse) {
      // other instances (of another series of the study, or arriving now) live there
    }
  }

  private static List<SeriesSummary> summarise(List<StoredInstance> instances) {
    Map<String, List<StoredInstance>> bySeries =
        instances.stream().collect(Collectors.groupingBy(StoredInstance::seriesInstanceUid));
    return bySeries.values().stream()
        .map(list -> {
          StoredInstance first = list.get(0);
          return new SeriesSummary(first.studyInstanceUid(), first.seriesInstanceUid(), first.modality(),
              first.seriesDescription(), first.seriesNumber(), list.size(),
              list.stream().mapToLong(StoredInstance::bytes).sum());
        })
        .sorted(Comparator.comparingInt((SeriesSummary s) -> s.seriesNumber().orElse(Integer.MAX_VALUE))
            .thenComparing(SeriesSummary::seriesInstanceUid))
        .toList();
  }

  /** Commits an instance held in memory through the journal. */
  StoredInstance commit(IncomingInstance in, byte[] data, int length) throws InstanceRejectedException {
    DicomHeader header;
    try {
      header = DicomHeaderReader.read(data, length);
      DatasetStructure.verify(data, length, header.transferSyntaxUid());
      validate(in, header);
    } catch (MalformedDicomException e) {
      throw reject(in, DicomStatus.CANNOT_UNDERSTAND, e.getMessage(), e);
    }
    Placement place = placement(header);
    ReentrantLock lock = lockOf(header);
    lock.lock();
    try {
      StoredInstance existing = index.get(header.sopInstanceUid());
      Path previous = place.previous(existing);
      if (place.isDuplicate(existing, header) && sameContent(existing.path(), data, length)) {
        notifyStored(existing, StoreOutcome.DUPLICATE);
        return existing;
      }
      Path seriesDir = place.seriesDir();
      Path target = place.target();
      Journal j = journal();
      if (j == null) {
        return commitDirectly(in, data, length);
      }
      String moved = previous != null && !previous.equals(target) ? root.relativize(previous).toString() : "";
      Journal.Ticket ticket = j.append(new JournalRecord(root.relativize(target).toString(), moved, data, length));
      Path temporary = null;
      try {
        // only a durable instance is renamed into place, so every file in place has a journal
        // record until the checkpointer has made it durable, and replay repairs it if a crash tore it
        temporary = temporaryFiles.write(data, length);
        j.sync(ticket);
        List<Path> directories = new ArrayList<>(4);
        createDirectory(seriesDir.getParent(), directories);
        createDirectory(seriesDir, directories);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temporary = null;
        directories.add(seriesDir);
        if (previous != null && !previous.equals(target)) {
          Files.deleteIfExists(previous);
          directories.add(previous.getParent());
        }
        StoredInstance stored = describe(header, target);
        index.put(stored.sopInstanceUid(), stored);
        checkpointer.submit(new Checkpointer.Work(target, directories, ticket));
        ticket = null;
        return announce(in, stored, previous);
      } finally {
        if (ticket != null) {
          // refused after all: its record may be replayed at the next start, which is harmless,
          // but it must not hold its segment forever
          j.completed(ticket);
        }
        if (temporary != null) {
          deleteQuietly(temporary);
        }
      }
    } catch (IOException e) {
      throw reject(in, statusForWriteFailure(e), "cannot store the instance durably: " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /** The direct way for an in-memory instance, when the journal is held by another store. */
  private StoredInstance commitDirectly(IncomingInstance in, byte[] data, int length)
      throws InstanceRejectedException, IOException {
    Path temporary = temporaryFile();
    try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data, 0, length);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    return commit(in, temporary);
  }

  /** The journal, opened at first use; null when it is disabled or another store holds it. */
  private synchronized Journal journal() throws IOException {
    if (journal != null && journal.failed()) {
      return null;
    }
    if (journal == null && journalSegmentBytes > 0 && !closed) {
      Journal j = Journal.open(root.resolve(JOURNAL), journalSegmentBytes, new JournalReplay(root, temporaryFiles));
      if (j != null) {
        journal = j;
        checkpointer = new Checkpointer(j, "instance-store-checkpoint-" + root.getFileName());
      }
    }
    return journal;
  }

  /** Records the directory (and its parent's entry for it) when it has to be created. */
  static void createDirectory(Path dir, List<Path> toSync) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    toSync.add(dir.getParent());
    toSync.add(dir);
  }

  StoredInstance commit(IncomingInstance in, Path temporary) throws InstanceRejectedException {
    DicomHeader header;
    try {
      header = DicomHeaderReader.read(temporary, false);
      DatasetStructure.verify(temporary, header.transferSyntaxUid());
      validate(in, header);
    } catch (MalformedDicomException e) {
      deleteQuietly(temporary);
      throw reject(in, DicomStatus.CANNOT_UNDERSTAND, e.getMessage(), e);
    } catch (InstanceRejectedException e) {
      deleteQuietly(temporary);
      throw e;
    }
    Placement place = placement(header);
    ReentrantLock lock = lockOf(header);
    lock.lock();
    try {
      StoredInstance existing = index.get(header.sopInstanceUid());
      Path previous = place.previous(existing);
      if (place.isDuplicate(existing, header) && sameContent(existing.path(), temporary)) {
        Files.delete(temporary);
        notifyStored(existing, StoreOutcome.DUPLICATE);
        return existing;
      }
      Path seriesDir = place.seriesDir();
      Path target = place.target();
      createDirectoryDurably(seriesDir.getParent());
      createDirectoryDurably(seriesDir);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(seriesDir);
      if (previous != null && !previous.equals(target)) {
        Files.deleteIfExists(previous);
        syncDirectory(previous.getParent());
      }
      StoredInstance stored = describe(header, target);
      index.put(stored.sopInstanceUid(), stored);
      return announce(in, stored, previous);
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw reject(in, statusForWriteFailure(e), "cannot store the instance durably: " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /** Where an instance goes: {@code <root>/<study>/<series>/<sop>.dcm}. */
  private record Placement(Path seriesDir, Path target) {
    /** The file the instance replaces: the indexed one, or one already at the target. */
    Path previous(StoredInstance existing) {
      return existing != null ? existing.path() : Files.exists(target) ? target : null;
    }

    /** Whether the indexed instance is this one at this place (the caller compares the bytes). */
    boolean isDuplicate(StoredInstance existing, DicomHeader header) {
      return existing != null && existing.path().equals(target)
          && existing.transferSyntaxUid().equals(header.transferSyntaxUid());
    }
  }

  private Placement placement(DicomHeader header) {
    Path seriesDir = root.resolve(header.studyInstanceUid()).resolve(header.seriesInstanceUid());
    return new Placement(seriesDir, seriesDir.resolve(header.sopInstanceUid() + SUFFIX));
  }

  private ReentrantLock lockOf(DicomHeader header) {
    return locks[Math.floorMod(header.sopInstanceUid().hashCode(), LOCK_STRIPES)];
  }

  /** Tells the listeners about an instance now in place. */
  private StoredInstance announce(IncomingInstance in, StoredInstance stored, Path previous) {
    StoreOutcome outcome = previous == null ? StoreOutcome.STORED : StoreOutcome.REPLACED;
    if (outcome == StoreOutcome.REPLACED) {
      LOG.info("instance {} from {} replaced the earlier version with different content",
          stored.sopInstanceUid(), in.callingAeTitle());
    }
    notifyStored(stored, outcome);
    return stored;
  }

  private void validate(IncomingInstance in, DicomHeader header) throws InstanceRejectedException {
    String sop = header.sopInstanceUid();
    if (sop.isEmpty()) {
      throw reject(in, DicomStatus.CANNOT_UNDERSTAND, "the data set has no SOP Instance UID", null);
    }
    requireUid(in, "SOP Instance UID", sop);
    if (!sop.equals(in.sopInstanceUid())) {
      throw reject(in, DicomStatus.CANNOT_UNDERSTAND, "the data set's SOP Instance UID " + sop
          + " differs from the C-STORE request's " + in.sopInstanceUid(), null);
    }
    if (!header.sopClassUid().equals(in.sopClassUid())) {
      throw reject(in, DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "the data set's SOP Class UID '"
          + header.sopClassUid() + "' differs from the C-STORE request's " + in.sopClassUid(), null);
    }
    requireUid(in, "Study Instance UID", header.studyInstanceUid());
    requireUid(in, "Series Instance UID", header.seriesInstanceUid());
  }

  private void requireUid(IncomingInstance in, String name, String value) throws InstanceRejectedException {
    if (value.isEmpty()) {
      throw reject(in, DicomStatus.CANNOT_UNDERSTAND, "the data set has no " + name, null);
    }
    if (value.length() > 64 || !UID.matcher(value).matches()) {
      throw reject(in, DicomStatus.CANNOT_UNDERSTAND, "the data set's " + name + " '" + value + "' is not a valid UID", null);
    }
  }

  private StoredInstance describe(DicomHeader header, Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return new StoredInstance(header.patientId(), header.studyInstanceUid(), header.seriesInstanceUid(),
        header.sopClassUid(), header.sopInstanceUid(), header.modality(), header.seriesDescription(),
        header.seriesNumber(), header.transferSyntaxUid(), attributes.size(), file,
        header.sourceAeTitle(), attributes.lastModifiedTime().toInstant());
  }

  InstanceRejectedException reject(IncomingInstance in, DicomStatus status, String reason, Throwable cause) {
    return reject(in.callingAeTitle(), in.sopClassUid(), in.sopInstanceUid(), status, reason, cause);
  }

  InstanceRejectedException reject(
      String callingAe, String sopClassUid, String sopInstanceUid, DicomStatus status, String reason, Throwable cause) {
    LOG.warn("C-STORE of {} (SOP class {}) from {} refused with {}: {}",
        sopInstanceUid, sopClassUid, callingAe, status, reason);
    InstanceRejection rejection =
        new InstanceRejection(callingAe, sopClassUid, sopInstanceUid, status, reason, Instant.now());
    for (InstanceStoredListener listener : listeners) {
      try {
        listener.instanceRejected(rejection);
      } catch (RuntimeException e) {
        LOG.error("instance listener {} failed on a rejection", listener, e);
      }
    }
    return new InstanceRejectedException(status, reason, cause);
  }

  private void notifyStored(StoredInstance instance, StoreOutcome outcome) {
    for (InstanceStoredListener listener : listeners) {
      try {
        listener.instanceStored(instance, outcome);
      } catch (RuntimeException e) {
        LOG.error("instance listener {} failed on {}", listener, instance.sopInstanceUid(), e);
      }
    }
  }

  static DicomStatus statusForWriteFailure(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("No space left") || message.contains("Disk quota")
        ? DicomStatus.OUT_OF_RESOURCES
        : DicomStatus.PROCESSING_FAILURE;
  }

  private void recover() throws IOException {
    Files.createDirectories(incoming);
    fileStore = Files.getFileStore(root);
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
      for (Path p : leftovers) {
        LOG.info("deleting unacknowledged temporary file {}", p);
        Files.deleteIfExists(p);
      }
    }
    Files.createDirectories(root.resolve(SPARE));
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(root.resolve(SPARE))) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    }
    if (Files.isDirectory(root.resolve(JOURNAL))) {
      // replay before indexing: the index is then built from files that include every acknowledged instance
      Journal j = Journal.open(root.resolve(JOURNAL), Math.max(journalSegmentBytes, Journal.MIN_SEGMENT_BYTES), new JournalReplay(root, temporaryFiles));
      if (j == null) {
        LOG.warn("the journal of {} is held by another store; its records are that store's to replay", root);
      } else {
        j.close();
      }
    }
    int unreadable = 0;
    try (Stream<Path> files = Files.walk(root, 3)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(SUFFIX)
            || file.startsWith(incoming) || root.relativize(file).getNameCount() != 3
            || root.relativize(file).getName(0).toString().startsWith(".")) {
          continue;
        }
        try {
          DicomHeader header = DicomHeaderReader.read(file, false);
          StoredInstance found = describe(header, file);
          // a crash between the rename of a moved instance and the deletion of its old file leaves
          // two copies; the newer one is the acknowledged one
          index.merge(found.sopInstanceUid(), found, (a, b) -> {
            StoredInstance older = a.receivedAt().isAfter(b.receivedAt()) ? b : a;
            LOG.warn("instance {} found twice; keeping {}, ignoring {}", found.sopInstanceUid(),
                older == a ? b.path() : a.path(), older.path());
            return older == a ? b : a;
          });
        } catch (MalformedDicomException | UncheckedIOException e) {
          unreadable++;
          LOG.warn("not indexing unreadable file {}: {}", file, e.getMessage());
        }
      }
    }
    LOG.info("instance store {}: {} instances indexed, {} unreadable files skipped", root, index.size(), unreadable);
  }

  /**
   * Makes every acknowledged instance's file durable (waits for the checkpointer), releases the
   * journal and stops the background thread. Stores that only read need no close.
   */
  @Override
  public void close() {
    Checkpointer c;
    Journal j;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      c = checkpointer;
      j = journal;
    }
    if (c != null) {
      c.close();
    }
    temporaryFiles.close();
    if (j != null) {
      try {
        j.close();
      } catch (IOException e) {
        LOG.warn("closing the journal of {}: {}", root, e.toString());
      }
    }
  }

  private void createDirectoryDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    syncDirectory(dir.getParent());
  }

  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", file, e.toString());
    }
  }

  /**
   * Same data set bytes (the caller compares the transfer syntax). The file meta information is
   * left out: it names the sender, and a resend from another AE is still the same instance.
   */
  static boolean sameContent(Path a, Path b) throws IOException {
    long offsetA = datasetOffset(a);
    long offsetB = datasetOffset(b);
    if (Files.size(a) - offsetA != Files.size(b) - offsetB) {
      return false;
    }
    try (InputStream ia = Files.newInputStream(a); InputStream ib = Files.newInputStream(b)) {
      ia.skipNBytes(offsetA);
      ib.skipNBytes(offsetB);
      byte[] ba = new byte[1 << 16];
      byte[] bb = new byte[1 << 16];
      while (true) {
        int na = ia.readNBytes(ba, 0, ba.length);
        int nb = ib.readNBytes(bb, 0, bb.length);
        if (na != nb || !java.util.Arrays.equals(ba, 0, na, bb, 0, nb)) {
          return false;
        }
        if (na == 0) {
          return true;
        }
      }
    }
  }

  /** Same data set bytes as an in-memory Part 10 instance; see {@link #sameContent(Path, Path)}. */
  static boolean sameContent(Path file, byte[] data, int length) throws IOException {
    long offsetFile = datasetOffset(file);
    long offsetData = datasetOffset(ByteBuffer.wrap(data, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN));
    if (Files.size(file) - offsetFile != length - offsetData) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(offsetFile);
      byte[] chunk = new byte[1 << 16];
      int at = (int) offsetData;
      while (true) {
        int n = in.readNBytes(chunk, 0, chunk.length);
        if (n == 0) {
          return at == length;
        }
        if (!java.util.Arrays.equals(chunk, 0, n, data, at, at + n)) {
          return false;
        }
        at += n;
      }
    }
  }

  private static long datasetOffset(ByteBuffer head) {
    if (head.remaining() < 144 || head.getInt(128) != 0x4D434944 // "DICM"
        || head.getShort(132) != 0x0002 || head.getShort(134) != 0x0000) {
      return 0;
    }
    long offset = 144L + Integer.toUnsignedLong(head.getInt(140));
    return offset <= head.remaining() ? offset : 0;
  }

  /** Offset of the data set: after the preamble, "DICM" and the meta group its group length covers. */
  private static long datasetOffset(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
      while (head.hasRemaining() && ch.read(head) > 0) {
        // fill
      }
      head.flip();
      if (head.remaining() < 144 || head.getInt(128) != 0x4D434944 // "DICM"
          || head.getShort(132) != 0x0002 || head.getShort(134) != 0x0000) {
        return 0;
      }
      return 144L + Integer.toUnsignedLong(head.getInt(140));
    }
  }

  @Override
  public String toString() {
    return "InstanceStore[" + root + ", " + index.size() + " instances]";
  }
}
