package org.neurojepa.training.harvest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.PreprocessOutcome;
import org.neurojepa.preprocessing.PreprocessRefusal;
import org.neurojepa.preprocessing.PreprocessorSettings;
import org.neurojepa.preprocessing.SeriesPreprocessing;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.preprocessing.input.ModelInput;
import org.neurojepa.preprocessing.qc.QcMetrics;
import org.neurojepa.preprocessing.series.Classification;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.series.SeriesClassifier;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Rejection;
import org.neurojepa.training.dataset.RejectionLog;
import org.neurojepa.training.dataset.Split;
import org.neurojepa.training.harvest.HarvestedSeries.Status;
import org.neurojepa.training.harvest.internal.DatasetSettings;
import org.neurojepa.training.harvest.internal.ScratchSpace;
import org.neurojepa.training.harvest.internal.ShardWriter;

/**
 * Archive → dataset: selects MR studies in a {@link HarvestSource}, fetches their series one at a
 * time, classifies each with the service's classifier and converts and preprocesses the T1w, T2w
 * and FLAIR ones with the service's {@link SeriesPreprocessing} and QC, and writes the accepted
 * model inputs into shards with a manifest line each (pseudonymous patient, study, series,
 * sequence type, split, file, SHA-256, QC); every other series goes to the rejection log with its
 * reason.
 *
 * <p>The manifest and the rejection log say what is done: a series listed in either is not
 * fetched again, so a second run fetches nothing and an interrupted one continues where it
 * stopped. A series that could not be fetched or broke preprocessing is counted as failed and
 * left for the next run. Inputs reach their shard before their manifest line, atomically, and
 * leftovers of a crash are removed at the next start: the dataset never lists a half entry.
 * One harvest at a time writes to a dataset (a lock file, {@value #LOCK_FILE}).
 */
public final class Harvest {
  public static final String LOCK_FILE = ".harvest.lock";
  public static final int DEFAULT_SHARD_SIZE = 1000;
  /** The codes of series refused for want of a patient to split by. */
  public static final String NO_PATIENT_ID = "NO_PATIENT_ID";

  private final Path dataset;
  private final HarvestSource source;
  private final PreprocessorSettings preprocessorSettings;
  private final SeriesPreprocessing preprocessing;
  private final SeriesClassifier classifier = new SeriesClassifier();
  private final PatientPseudonyms pseudonyms;
  private final StudySelection selection;
  private final long splitSeed;
  private final double trainFraction;
  private final double validationFraction;
  private final int shardSize;
  private final Path scratchParent;
  private final HarvestProgress progress;

  private Harvest(Builder b) {
    this.dataset = b.dataset.toAbsolutePath().normalize();
    this.source = b.source;
    this.preprocessorSettings = b.preprocessing;
    this.preprocessing = new SeriesPreprocessing(b.preprocessing);
    this.pseudonyms = b.pseudonyms;
    this.selection = b.selection;
    this.splitSeed = b.splitSeed;
    this.trainFraction = b.trainFraction;
    this.validationFraction = b.validationFraction;
    this.shardSize = b.shardSize;
    this.scratchParent = b.scratchParent;
    this.progress = b.progress;
  }

  /**
   * @param preprocessing the settings the service preprocesses with (its template, bias correction):
   *     a model trained on the dataset then serves on inputs made the same way
   */
  public static Builder builder(Path dataset, HarvestSource source, PreprocessorSettings preprocessing,
      PatientPseudonyms pseudonyms) {
    return new Builder(dataset, source, preprocessing, pseudonyms);
  }

  /** Runs the harvest to the end of the selection. The source stays open: its owner closes it. */
  public HarvestSummary run() throws HarvestException, IOException {
    long start = System.nanoTime();
    Files.createDirectories(dataset);
    try (FileChannel lockFile = FileChannel.open(dataset.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lock(lockFile)) {
      Optional<DatasetSettings> recorded = checkSettings();
      DatasetManifest manifest = DatasetManifest.read(dataset);
      RejectionLog rejections = RejectionLog.read(dataset);
      Set<String> done = new HashSet<>();
      manifest.entries().forEach(e -> done.add(e.seriesUid()));
      for (Rejection r : rejections.rejections()) {
        if (!done.add(r.seriesUid())) {
          throw new HarvestException("series " + r.seriesUid() + " is both in " + DatasetManifest.FILE_NAME + " and in "
              + RejectionLog.FILE_NAME + " of " + dataset + "; remove one of the two lines");
        }
      }
      ShardWriter shards = ShardWriter.open(manifest, shardSize);
      SourceCounters before = source.counters();
      List<ArchivedStudy> studies = selected(source.findStudies(selection));
      if (recorded.isEmpty()) {
        settings().write(dataset); // once the archive has answered: a run that could not start records nothing
      }
      progress.studiesFound(studies.size(), source.description(), selection);
      Tally tally = new Tally();
      try (ScratchSpace scratch = ScratchSpace.create(scratchParent, "neurojepa-harvest-")) {
        for (int i = 0; i < studies.size(); i++) {
          ArchivedStudy study = studies.get(i);
          boolean complete = true;
          for (ArchivedSeries s : sorted(source.findSeries(study, selection))) {
            HarvestedSeries h = done.contains(s.seriesInstanceUid())
                ? new HarvestedSeries(s, Status.ALREADY_DONE, "", Optional.empty(), Optional.empty(), 0)
                : harvest(s, shards, scratch.root());
            if (h.status() == Status.ACCEPTED || h.status() == Status.REJECTED) {
              done.add(s.seriesInstanceUid());
            }
            complete &= h.status() != Status.FAILED;
            tally.add(h);
            progress.seriesDone(i + 1, studies.size(), h);
          }
          if (complete) {
            tally.studiesComplete++;
          }
          progress.studyDone(i + 1, studies.size(), study);
        }
      }
      HarvestSummary summary = new HarvestSummary(studies.size(), tally.studiesComplete,
          tally.count(Status.ACCEPTED), tally.count(Status.REJECTED), tally.count(Status.ALREADY_DONE),
          tally.count(Status.FAILED), tally.rejectedByCode, tally.failures, source.counters().since(before),
          manifest.entries().size() + tally.count(Status.ACCEPTED),
          rejections.rejections().size() + tally.count(Status.REJECTED), shards.removedAtOpen(),
          Duration.ofNanos(System.nanoTime() - start));
      progress.finished(summary);
      return summary;
    }
  }

  private FileLock lock(FileChannel lockFile) throws IOException, HarvestException {
    FileLock lock;
    try {
      lock = lockFile.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new HarvestException("another harvest is writing to " + dataset + " (it holds " + LOCK_FILE + ")");
    }
    return lock;
  }

  /** What the dataset's entries will depend on, as {@code harvest.json} records it. */
  private DatasetSettings settings() {
    return new DatasetSettings(DatasetSettings.FORMAT, pseudonyms.secretCheck(), splitSeed, trainFraction,
        validationFraction, preprocessorSettings.template().name(), preprocessorSettings.template().contrast().name(),
        preprocessorSettings.biasCorrection(), ModelInput.D + "x" + ModelInput.H + "x" + ModelInput.W);
  }

  /** The dataset's recorded settings (empty for a new one); a run that would mix in others is refused. */
  private Optional<DatasetSettings> checkSettings() throws IOException, HarvestException {
    Optional<DatasetSettings> recorded = DatasetSettings.read(dataset);
    List<String> differences = recorded.map(r -> r.differences(settings())).orElse(List.of());
    if (!differences.isEmpty()) {
      throw new HarvestException("the dataset " + dataset + " was harvested with other settings ("
          + DatasetSettings.FILE_NAME + "): " + String.join("; ", differences)
          + ". Harvest with the same settings, or into a new dataset.");
    }
    return recorded;
  }

  /** The earliest studies first (then by UID), so that a limit takes the same studies every run. */
  private List<ArchivedStudy> selected(List<ArchivedStudy> found) {
    Map<String, ArchivedStudy> unique = new LinkedHashMap<>();
    found.stream()
        .sorted(Comparator.comparing(ArchivedStudy::studyDate).thenComparing(ArchivedStudy::studyInstanceUid))
        .forEach(s -> unique.putIfAbsent(s.studyInstanceUid() + "|" + s.sourceKey(), s));
    List<ArchivedStudy> studies = new ArrayList<>(unique.values());
    return selection.limit() > 0 && studies.size() > selection.limit() ? studies.subList(0, selection.limit()) : studies;
  }

  private static List<ArchivedSeries> sorted(List<ArchivedSeries> series) {
    return series.stream().sorted(Comparator.comparingLong((ArchivedSeries s) -> number(s.seriesNumber()))
        .thenComparing(ArchivedSeries::seriesInstanceUid)).toList();
  }

  private static long number(String seriesNumber) {
    try {
      return Long.parseLong(seriesNumber.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** One series: fetch, decide, and record the decision in the dataset. */
  private HarvestedSeries harvest(ArchivedSeries s, ShardWriter shards, Path scratch)
      throws HarvestException, IOException {
    long t0 = System.nanoTime();
    Path work = scratch.resolve("preprocess-" + s.seriesInstanceUid());
    try {
      Decision d;
      try (FetchedSeries fetched = source.fetch(s, scratch)) {
        d = decide(s, fetched, work);
      } catch (IOException | RuntimeException e) {
        // the archive did not deliver the series, or it broke preprocessing: not recorded, tried again next run
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        return new HarvestedSeries(s, Status.FAILED, why, Optional.empty(), Optional.empty(), seconds(t0));
      }
      // from here on a failure is the dataset's own (a full disk): the harvest stops
      return d.accepted() ? accept(s, d, shards, t0) : reject(s, d.rejection(), t0);
    } finally {
      ScratchSpace.deleteTree(work);
    }
  }

  /** Classification, then conversion and preprocessing with QC, exactly as the service does them. */
  private Decision decide(ArchivedSeries s, FetchedSeries fetched, Path work) throws IOException {
    String uid = s.seriesInstanceUid();
    DicomSeries series = DirectoryScan.of(fetched.directory()).series().stream()
        .filter(x -> x.seriesInstanceUid().equals(uid)).findFirst()
        .orElseThrow(() -> new IOException("the archive delivered no readable instance of series " + uid));
    Classification c = classifier.classify(series);
    if (!c.isAccepted()) {
      return Decision.rejected(new Rejection(s.studyInstanceUid(), uid, Rejection.Stage.CLASSIFICATION,
          c.rejection().orElseThrow().name(), c.explanation(), Optional.empty(), Map.of()));
    }
    String patientId = series.firstHeader().string(DicomTag.PATIENT_ID).orElse("").trim();
    if (patientId.isEmpty()) {
      return Decision.rejected(new Rejection(s.studyInstanceUid(), uid, Rejection.Stage.SELECTION, NO_PATIENT_ID,
          "the series has no PatientID: its patient's split could not be kept", Optional.of(c.type()), Map.of()));
    }
    PreprocessOutcome o = preprocessing.preprocess(series, Contrast.valueOf(c.type().name()), work);
    Map<String, Double> qc = o.qc().map(Harvest::qc).orElse(Map.of());
    if (!o.accepted()) {
      PreprocessRefusal r = o.refusal().orElseThrow();
      Rejection.Stage stage = switch (r.stage()) {
        case CONVERSION -> Rejection.Stage.CONVERSION;
        case PREPROCESSING -> Rejection.Stage.PREPROCESSING;
        case QC -> Rejection.Stage.QC;
      };
      return Decision.rejected(new Rejection(s.studyInstanceUid(), uid, stage, r.code(), r.reason(),
          Optional.of(c.type()), qc));
    }
    return new Decision(null, o.input(), c.type(), pseudonyms.key(patientId), qc);
  }

  private HarvestedSeries accept(ArchivedSeries s, Decision d, ShardWriter shards, long t0) throws IOException {
    Split split = Split.forPatient(d.patient(), splitSeed, trainFraction, validationFraction);
    ShardWriter.Placed placed = shards.place(d.input(), s.seriesInstanceUid());
    DatasetManifest.append(dataset, new DatasetEntry(d.patient(), s.studyInstanceUid(), s.seriesInstanceUid(),
        d.sequence(), split, placed.file(), placed.sha256(), d.qc()));
    shards.committed();
    return new HarvestedSeries(s, Status.ACCEPTED, placed.file(), Optional.of(d.sequence()), Optional.of(split),
        seconds(t0));
  }

  private HarvestedSeries reject(ArchivedSeries s, Rejection r, long t0) throws IOException {
    RejectionLog.append(dataset, r);
    return new HarvestedSeries(s, Status.REJECTED, r.code() + ": " + r.reason(), r.sequence(), Optional.empty(),
        seconds(t0));
  }

  private static Map<String, Double> qc(QcMetrics m) {
    Map<String, Double> qc = new LinkedHashMap<>();
    qc.put("mutual_information", m.mutualInformation());
    qc.put("psnr_db", m.psnrDb());
    qc.put("pearson", m.pearson());
    return qc;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A series' fate before it is written down: a rejection, or an input with its patient key and QC. */
  private record Decision(Rejection rejection, Path input, SequenceType sequence, String patient,
      Map<String, Double> qc) {
    static Decision rejected(Rejection r) {
      return new Decision(r, null, null, null, Map.of());
    }

    boolean accepted() {
      return rejection == null;
    }
  }

  /** Counts of one run. */
  private static final class Tally {
    private final Map<Status, Integer> counts = new TreeMap<>();
    private final Map<String, Integer> rejectedByCode = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int studiesComplete;

    void add(HarvestedSeries h) {
      counts.merge(h.status(), 1, Integer::sum);
      if (h.status() == Status.REJECTED) {
        rejectedByCode.merge(h.detail().substring(0, h.detail().indexOf(':')), 1, Integer::sum);
      } else if (h.status() == Status.FAILED) {
        failures.add(h.series().seriesInstanceUid() + ": " + h.detail());
      }
    }

    int count(Status s) {
      return counts.getOrDefault(s, 0);
    }
  }

  /** A harvest's settings; everything but the dataset, the source, preprocessing and the secret has a default. */
  public static final class Builder {
    private final Path dataset;
    private final HarvestSource source;
    private final PreprocessorSettings preprocessing;
    private final PatientPseudonyms pseudonyms;
    private StudySelection selection = StudySelection.all();
    private long splitSeed;
    private double trainFraction = 0.8;
    private double validationFraction = 0.1;
    private int shardSize = DEFAULT_SHARD_SIZE;
    private Path scratchParent;
    private HarvestProgress progress = new HarvestProgress() {};

    private Builder(Path dataset, HarvestSource source, PreprocessorSettings preprocessing, PatientPseudonyms pseudonyms) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      this.source = Objects.requireNonNull(source, "source");
      this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
      this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
    }

    /** Which studies (default: every MR study). */
    public Builder selection(StudySelection selection) {
      this.selection = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /**
     * Patient-level splits by {@link Split#forPatient}: train and validation fractions, the test
     * set the rest (default 0.8 / 0.1 / 0.1, seed 0). A dataset keeps the splits it was made with.
     */
    public Builder splits(long seed, double train, double validation) {
      Split.forPatient("check", seed, train, validation); // validates the fractions
      this.splitSeed = seed;
      this.trainFraction = train;
      this.validationFraction = validation;
      return this;
    }

    /** At most this many model inputs per shard folder (default 1000). */
    public Builder shardSize(int shardSize) {
      if (shardSize < 1) {
        throw new IllegalArgumentException("the shard size must be ≥ 1: " + shardSize);
      }
      this.shardSize = shardSize;
      return this;
    }

    /** Where fetched and preprocessed series wait for the dataset (default: the system's temporary folder). */
    public Builder scratchParent(Path parent) {
      this.scratchParent = parent;
      return this;
    }

    public Builder progress(HarvestProgress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public Harvest build() {
      return new Harvest(this);
    }
  }
}
