package org.neurojepa.training.harvest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neurojepa.pacs.dicom.AeTitle;
import org.neurojepa.pacs.dicom.DicomNode;
import org.neurojepa.pacs.dicom.DicomNodeConfig;
import org.neurojepa.pacs.dicom.DicomStatus;
import org.neurojepa.pacs.scu.DicomClient;
import org.neurojepa.pacs.scu.DicomClientException;
import org.neurojepa.pacs.scu.DicomPeer;
import org.neurojepa.pacs.scu.MoveResult;
import org.neurojepa.pacs.scu.QueryMatch;
import org.neurojepa.pacs.scu.QueryRetrieveLevel;
import org.neurojepa.pacs.store.StoredInstance;
import org.neurojepa.training.harvest.internal.ScratchSpace;

/**
 * Any PACS, by DICOM: studies by a study-level C-FIND (ModalitiesInStudy MR, a StudyDate range,
 * BodyPartExamined where given), their series by a series-level C-FIND, and each series by a
 * C-MOVE to our own DICOM node, which this source starts on the local AE title and port and which
 * receives into a scratch instance store outside the dataset. The PACS must know our AE title
 * (as a caller, and as a move destination at our address and port); only the PACS's AE title may
 * store to our node.
 */
public final class QueryRetrieveSource implements HarvestSource {
  private final DicomPeer pacs;
  private final AeTitle localAeTitle;
  private final DicomClient client;
  private final DicomNode node;
  private final ScratchSpace store;
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong retrievals = new AtomicLong();
  private final AtomicLong instances = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  /**
   * C-MOVEs that delivered nothing before any delivered something. A PACS that cannot reach our
   * node (our AE title unknown as a destination, or known at another address) fails every move the
   * same way: after this many in a row the harvest stops and says what to configure, while one
   * broken series at the start only fails itself.
   */
  static final int UNDELIVERED_MOVES_BEFORE_GIVING_UP = 3;
  private boolean anyMoveDelivered;
  private int undeliveredMoves;

  private QueryRetrieveSource(Builder b, DicomNode node, ScratchSpace store) {
    this.pacs = b.pacs;
    this.localAeTitle = b.localAeTitle;
    this.client = new DicomClient(b.localAeTitle, b.timeout);
    this.node = node;
    this.store = store;
  }

  /** @param localAeTitle our AE title: the calling AE of our queries and the destination of our moves */
  public static Builder builder(DicomPeer pacs, AeTitle localAeTitle) {
    return new Builder(pacs, localAeTitle);
  }

  /** The port our node listens on (the chosen one when the builder asked for 0). */
  public int localPort() {
    return node.port();
  }

  @Override
  public String description() {
    return "PACS " + pacs + " (C-FIND, C-MOVE to " + localAeTitle + " on port " + node.port() + ")";
  }

  @Override
  public List<ArchivedStudy> findStudies(StudySelection selection) throws HarvestException {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("StudyInstanceUID", "");
    keys.put("StudyDate", selection.dicomDateRange());
    keys.put("ModalitiesInStudy", StudySelection.MODALITY);
    selection.bodyPart().ifPresent(b -> keys.put("BodyPartExamined", b));
    List<ArchivedStudy> studies = new ArrayList<>();
    for (QueryMatch m : find(QueryRetrieveLevel.STUDY, keys)) {
      String modalities = m.value("ModalitiesInStudy");
      // a PACS that ignores ModalitiesInStudy returns every study; keep the MR ones
      if (!modalities.isEmpty() && !List.of(modalities.split("\\\\")).contains(StudySelection.MODALITY)) {
        continue;
      }
      if (!m.value("StudyInstanceUID").isEmpty()) {
        studies.add(new ArchivedStudy(m.value("StudyInstanceUID"), m.value("StudyDate"), ""));
      }
    }
    return studies;
  }

  @Override
  public List<ArchivedSeries> findSeries(ArchivedStudy study, StudySelection selection) throws HarvestException {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("StudyInstanceUID", study.studyInstanceUid());
    keys.put("SeriesInstanceUID", "");
    keys.put("Modality", StudySelection.MODALITY);
    keys.put("SeriesNumber", "");
    keys.put("SeriesDescription", "");
    keys.put("NumberOfSeriesRelatedInstances", "");
    keys.put("BodyPartExamined", selection.bodyPart().orElse(""));
    List<ArchivedSeries> series = new ArrayList<>();
    for (QueryMatch m : find(QueryRetrieveLevel.SERIES, keys)) {
      String modality = m.value("Modality");
      String bodyPart = m.value("BodyPartExamined");
      // keep to the selection even where the PACS matched loosely
      if (m.value("SeriesInstanceUID").isEmpty() || !modality.isEmpty() && !modality.equals(StudySelection.MODALITY)
          || selection.bodyPart().filter(b -> !bodyPart.isEmpty() && !b.equalsIgnoreCase(bodyPart)).isPresent()) {
        continue;
      }
      int count;
      try {
        count = Integer.parseInt(m.value("NumberOfSeriesRelatedInstances"));
      } catch (NumberFormatException e) {
        count = -1;
      }
      series.add(new ArchivedSeries(study.studyInstanceUid(), m.value("SeriesInstanceUID"),
          modality.isEmpty() ? StudySelection.MODALITY : modality, m.value("SeriesNumber"), m.value("SeriesDescription"),
          count, ""));
    }
    return series;
  }

  private List<QueryMatch> find(QueryRetrieveLevel level, Map<String, String> keys) throws HarvestException {
    try {
      queries.incrementAndGet();
      return client.find(pacs, level, keys);
    } catch (DicomClientException e) {
      throw new HarvestException("cannot query the PACS: " + e.getMessage(), e);
    }
  }

  /**
   * Moves the series into our node and hands over its folder in the node's store. A move with
   * failed sub-operations is an error, not a smaller series: classified with slices missing, the
   * series would be rejected for good.
   */
  @Override
  public FetchedSeries fetch(ArchivedSeries series, Path scratch) throws HarvestException, IOException {
    String study = series.studyInstanceUid();
    String uid = series.seriesInstanceUid();
    Map<String, String> identifier = new LinkedHashMap<>();
    identifier.put("StudyInstanceUID", study);
    identifier.put("SeriesInstanceUID", uid);
    MoveResult result;
    try {
      retrievals.incrementAndGet();
      result = client.move(pacs, QueryRetrieveLevel.SERIES, identifier, localAeTitle);
    } catch (DicomClientException e) {
      node.store().deleteSeries(study, uid);
      if (e.status().isEmpty() || e.status().get().equals(DicomStatus.MOVE_DESTINATION_UNKNOWN)) {
        throw refused(e.getMessage(), e);
      }
      throw undelivered(e.getMessage(), e);
    }
    List<StoredInstance> received = node.store().instances(uid).stream()
        .filter(i -> i.studyInstanceUid().equals(study)).toList();
    if (result.failed() > 0 || !result.status().isSuccess() || received.isEmpty()) {
      node.store().deleteSeries(study, uid);
      String what = String.format(Locale.ROOT, "C-MOVE of series %s ended with %s: %d instances stored here, %d failed",
          uid, result.status(), received.size(), Math.max(0, result.failed()));
      if (received.isEmpty()) {
        throw undelivered(what, null);
      }
      throw new IOException(what);
    }
    anyMoveDelivered = true;
    long size = received.stream().mapToLong(StoredInstance::bytes).sum();
    instances.addAndGet(received.size());
    bytes.addAndGet(size);
    Path dir = node.store().root().resolve(study).resolve(uid);
    return new FetchedSeries(dir, received.size(), size, () -> node.store().deleteSeries(study, uid));
  }

  /** A move that brought nothing: this series fails, unless no move ever delivered and this is one too many. */
  private IOException undelivered(String what, Throwable cause) throws HarvestException {
    if (!anyMoveDelivered && ++undeliveredMoves >= UNDELIVERED_MOVES_BEFORE_GIVING_UP) {
      throw refused(what + "; " + undeliveredMoves + " moves in a row delivered nothing", cause);
    }
    return new IOException(what, cause);
  }

  /** The PACS cannot deliver to our node: every series would fail the same way. */
  private HarvestException refused(String what, Throwable cause) {
    return new HarvestException("cannot retrieve from the PACS: " + what + " (is " + localAeTitle
        + " configured on the PACS as a move destination at this host, port " + node.port() + "?)", cause);
  }

  @Override
  public SourceCounters counters() {
    return new SourceCounters(queries.get(), retrievals.get(), instances.get(), bytes.get());
  }

  /** Stops our node and removes its scratch store. */
  @Override
  public void close() {
    node.close();
    try {
      store.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the scratch store " + store.root(), e);
    }
  }

  /** Where our node listens and how long to wait for the PACS. */
  public static final class Builder {
    private final DicomPeer pacs;
    private final AeTitle localAeTitle;
    private final Set<AeTitle> callers = new LinkedHashSet<>();
    private InetAddress bindAddress;
    private int localPort = DicomNodeConfig.DEFAULT_PORT;
    private Duration timeout = Duration.ofMinutes(5);
    private long freeDiskWatermarkBytes = DicomNodeConfig.DEFAULT_FREE_DISK_WATERMARK_BYTES;
    private Path scratchParent;

    private Builder(DicomPeer pacs, AeTitle localAeTitle) {
      this.pacs = Objects.requireNonNull(pacs, "pacs");
      this.localAeTitle = Objects.requireNonNull(localAeTitle, "localAeTitle");
      this.callers.add(pacs.aeTitle());
      try {
        this.bindAddress = InetAddress.getByName("0.0.0.0");
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Our node's port, where the PACS sends what we move (default 11112; 0 picks a free one). */
    public Builder localPort(int port) {
      this.localPort = port;
      return this;
    }

    /** The address our node listens on (default every interface: the PACS must reach it). */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Another AE title the PACS stores from, besides its own (some send moves from a second AE). */
    public Builder allowCallingAeTitle(AeTitle aeTitle) {
      callers.add(Objects.requireNonNull(aeTitle, "aeTitle"));
      return this;
    }

    /** How long any read from the PACS may take, a whole C-MOVE included between its responses (default 5 min). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Below this free space our node refuses instances (default 1 GiB). */
    public Builder freeDiskWatermarkBytes(long bytes) {
      this.freeDiskWatermarkBytes = bytes;
      return this;
    }

    /** Where the scratch store goes (default the system's temporary folder). */
    public Builder scratchParent(Path parent) {
      this.scratchParent = parent;
      return this;
    }

    /** Starts our node; a port it cannot listen on is a {@link HarvestException}. */
    public QueryRetrieveSource start() throws HarvestException, IOException {
      ScratchSpace store = ScratchSpace.create(scratchParent, "neurojepa-harvest-store-");
      DicomNode node = null;
      try {
        DicomNodeConfig config = DicomNodeConfig.builder().aeTitle(localAeTitle.value()).bindAddress(bindAddress)
            .port(localPort).allowedCallingAeTitles(callers).storageDirectory(store.root())
            .freeDiskWatermarkBytes(freeDiskWatermarkBytes).build();
        node = DicomNode.builder(config).build();
        node.start();
        return new QueryRetrieveSource(this, node, store);
      } catch (IOException e) {
        close(node, store);
        throw new HarvestException("cannot start our DICOM node " + localAeTitle + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        close(node, store);
        throw e;
      }
    }

    private static void close(DicomNode node, ScratchSpace store) throws IOException {
      if (node != null) {
        node.close();
      }
      store.close();
    }
  }
}
