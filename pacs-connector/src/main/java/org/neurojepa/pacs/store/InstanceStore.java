package org.neurojepa.pacs.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
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
 * <p>An instance is written to {@code <root>/.incoming}, forced to disk, renamed atomically into
 * place, and its directory is forced too; only then is it acknowledged. The in-memory index is
 * rebuilt from the files at {@link #open}, so nothing acknowledged is lost by a crash and no
 * journal is needed. Below the free-disk watermark new instances are refused with Out of Resources.
 */
public final class InstanceStore {
  static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);
  private static final String INCOMING = ".incoming";
  private static final String SUFFIX = ".dcm";
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  private static final int LOCK_STRIPES = 64;

  private final Path root;
  private final Path incoming;
  private final long freeDiskWatermarkBytes;
  private final Map<String, StoredInstance> index = new ConcurrentHashMap<>();
  private final List<InstanceStoredListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  private InstanceStore(Path root, long freeDiskWatermarkBytes) {
    this.root = root;
    this.incoming = root.resolve(INCOMING);
    this.freeDiskWatermarkBytes = freeDiskWatermarkBytes;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Opens (creating if needed) the store under {@code root}, deletes unacknowledged temporary files
   * left by a crash, and rebuilds the index from the instance files.
   */
  public static InstanceStore open(Path root, long freeDiskWatermarkBytes) throws IOException {
    Objects.requireNonNull(root, "root");
    if (freeDiskWatermarkBytes < 0) {
      throw new IllegalArgumentException("freeDiskWatermarkBytes must be >= 0");
    }
    InstanceStore store = new InstanceStore(root.toAbsolutePath().normalize(), freeDiskWatermarkBytes);
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
      usable = Files.getFileStore(root).getUsableSpace();
    } catch (IOException e) {
      throw reject(callingAeTitle, sopClassUid, sopInstanceUid, DicomStatus.OUT_OF_RESOURCES,
          "cannot read the free space of " + root + ": " + e.getMessage(), e);
    }
    if (usable < freeDiskWatermarkBytes) {
      throw reject(callingAeTitle, sopClassUid, sopInstanceUid, DicomStatus.OUT_OF_RESOURCES,
          "usable disk space " + usable + " bytes is below the watermark of " + freeDiskWatermarkBytes + " bytes", null);
    }
    try {
      return new IncomingInstance(this, incoming.resolve(UUID.randomUUID() + ".part"),
          callingAeTitle, sopClassUid, sopInstanceUid);
    } catch (IOException e) {
      throw reject(callingAeTitle, sopClassUid, sopInstanceUid, statusForWriteFailure(e),
          "cannot create a temporary file in " + incoming + ": " + e.getMessage(), e);
    }
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
    Path seriesDir = root.resolve(header.studyInstanceUid()).resolve(header.seriesInstanceUid());
    Path target = seriesDir.resolve(header.sopInstanceUid() + SUFFIX);
    ReentrantLock lock = locks[Math.floorMod(header.sopInstanceUid().hashCode(), LOCK_STRIPES)];
    lock.lock();
    try {
      StoredInstance existing = index.get(header.sopInstanceUid());
      Path previous = existing != null ? existing.path() : Files.exists(target) ? target : null;
      if (existing != null && existing.path().equals(target)
          && existing.transferSyntaxUid().equals(header.transferSyntaxUid())
          && sameContent(existing.path(), temporary)) {
        Files.delete(temporary);
        notifyStored(existing, StoreOutcome.DUPLICATE);
        return existing;
      }
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
      StoreOutcome outcome = previous == null ? StoreOutcome.STORED : StoreOutcome.REPLACED;
      if (outcome == StoreOutcome.REPLACED) {
        LOG.info("instance {} from {} replaced the earlier version with different content",
            stored.sopInstanceUid(), in.callingAeTitle());
      }
      notifyStored(stored, outcome);
      return stored;
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw reject(in, statusForWriteFailure(e), "cannot store the instance durably: " + e, e);
    } finally {
      lock.unlock();
    }
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
    return new StoredInstance(header.patientId(), header.studyInstanceUid(), header.seriesInstanceUid(),
        header.sopClassUid(), header.sopInstanceUid(), header.modality(), header.seriesDescription(),
        header.seriesNumber(), header.transferSyntaxUid(), Files.size(file), file,
        header.sourceAeTitle(), Files.getLastModifiedTime(file).toInstant());
  }

  InstanceRejectedException reject(IncomingInstance in, DicomStatus status, String reason, Throwable cause) {
    return reject(in.callingAeTitle(), in.sopClassUid(), in.sopInstanceUid(), status, reason, cause);
  }

  private InstanceRejectedException reject(
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
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
      for (Path p : leftovers) {
        LOG.info("deleting unacknowledged temporary file {}", p);
        Files.deleteIfExists(p);
      }
    }
    int unreadable = 0;
    try (Stream<Path> files = Files.walk(root, 3)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(SUFFIX)
            || file.startsWith(incoming) || root.relativize(file).getNameCount() != 3) {
          continue;
        }
        try {
          DicomHeader header = DicomHeaderReader.read(file, false);
          index.put(header.sopInstanceUid(), describe(header, file));
        } catch (MalformedDicomException | UncheckedIOException e) {
          unreadable++;
          LOG.warn("not indexing unreadable file {}: {}", file, e.getMessage());
        }
      }
    }
    LOG.info("instance store {}: {} instances indexed, {} unreadable files skipped", root, index.size(), unreadable);
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

  private static void syncDirectory(Path dir) throws IOException {
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
