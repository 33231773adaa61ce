package org.neurojepa.training.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.neurojepa.model.checkpoint.HeadsCheckpoint;
import org.neurojepa.model.checkpoint.HeadsManifest;
import org.neurojepa.training.evaluate.EvaluationReport;

/**
 * The model versions of a site, in a directory:
 *
 * <pre>
 *   versions/&lt;id&gt;/version.json    what the version is (ModelVersionRecord)
 *   versions/&lt;id&gt;/encoder/         its encoder checkpoint (none for a seeded untrained encoder)
 *   versions/&lt;id&gt;/heads/           its findings heads
 *   versions/&lt;id&gt;/training/        the run's metrics.csv and loss_curve.png
 *   versions/&lt;id&gt;/evaluation/      evaluation.json, roc_curves.png, predictions.csv
 *   active.json                    the version the service runs, and the ones before it
 * </pre>
 *
 * A version is written under a temporary name and renamed into place, so it is complete or absent;
 * every change takes an exclusive lock on {@code registry.lock}, so a CLI and a service can share a
 * registry. Promotion needs an evaluation that meets the bar; rollback restores the previous active
 * version.
 */
public final class ModelRegistry {
  public static final String VERSION_FILE = "version.json";
  public static final String ACTIVE_FILE = "active.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path root;

  private ModelRegistry(Path root) {
    this.root = root;
  }

  /** The registry in {@code root}, created empty when absent. */
  public static ModelRegistry open(Path root) throws IOException {
    Files.createDirectories(root.resolve("versions"));
    return new ModelRegistry(root.toAbsolutePath());
  }

  /** What {@code active.json} holds: the active version, and the earlier active ones, newest last. */
  public record Active(String version, List<String> previous, Instant since, String by) {
    public Active {
      previous = List.copyOf(previous);
    }
  }

  /**
   * Registers the result of a heads training run: {@code trained} holds {@code heads/} and, when the
   * encoder was fine-tuned, {@code encoder/}; otherwise {@code encoderFiles} (null for an untrained
   * encoder) are kept as the version's encoder. Registering the same weights again returns the
   * existing version unchanged.
   */
  public ModelVersionRecord register(Path trained, EncoderSource encoder, Path encoderFiles, String parentVersion,
      String datasetSha256, double bestValidationAuroc) throws IOException {
    HeadsManifest heads = HeadsCheckpoint.readManifest(trained.resolve("heads"));
    String id = heads.encoderVersion() + "+" + heads.headsVersion();
    if (!id.matches("[A-Za-z0-9._+-]{1,200}")) {
      throw new IllegalArgumentException("version name '" + id + "' has characters a folder name cannot take");
    }
    try (FileLock lock = lock()) {
      Optional<ModelVersionRecord> existing = find(id);
      if (existing.isPresent()) {
        return existing.get();
      }
      Path tmp = Files.createTempDirectory(root.resolve("versions"), ".incoming-");
      try {
        copyTree(trained.resolve("heads"), tmp.resolve("heads"));
        Path fineTuned = trained.resolve("encoder");
        if (Files.isDirectory(fineTuned)) {
          copyTree(fineTuned, tmp.resolve("encoder"));
          encoder = new EncoderSource(EncoderSource.Kind.CHECKPOINT, encoder.variant(), encoder.seed());
        } else if (encoder.kind() != EncoderSource.Kind.UNTRAINED) {
          if (encoderFiles == null) {
            throw new IllegalArgumentException("the encoder's files are needed for a " + encoder.kind() + " encoder");
          }
          copyTree(encoderFiles, tmp.resolve("encoder"));
        }
        Files.createDirectories(tmp.resolve("training"));
        for (String f : List.of("metrics.csv", "loss_curve.png")) {
          if (Files.isRegularFile(trained.resolve(f))) {
            Files.copy(trained.resolve(f), tmp.resolve("training").resolve(f));
          }
        }
        ModelVersionRecord record = new ModelVersionRecord(id, Instant.now(), heads.encoderVersion(),
            heads.encoderWeightsSha256(), encoder, parentVersion == null ? heads.encoderVersion() : parentVersion,
            heads.headsVersion(), heads.labels(), heads.sequences(), datasetSha256, heads.trainingData(),
            bestValidationAuroc, null, false);
        JSON.writeValue(tmp.resolve(VERSION_FILE).toFile(), record);
        Files.move(tmp, dir(id), StandardCopyOption.ATOMIC_MOVE);
        return record;
      } catch (IOException | RuntimeException e) {
        deleteTree(tmp);
        throw e;
      }
    }
  }

  /** Every version, oldest first. */
  public List<ModelVersionRecord> versions() throws IOException {
    List<ModelVersionRecord> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root.resolve("versions"))) {
      for (Path d : s.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        out.add(read(d));
      }
    }
    out.sort(Comparator.comparing(ModelVersionRecord::createdAt).thenComparing(ModelVersionRecord::id));
    return out;
  }

  public Optional<ModelVersionRecord> find(String id) throws IOException {
    Path d = dir(id);
    return Files.isDirectory(d) ? Optional.of(read(d)) : Optional.empty();
  }

  public ModelVersionRecord get(String id) throws IOException {
    return find(id).orElseThrow(() -> new IllegalArgumentException("no model version '" + id + "' in " + root));
  }

  /** The folder of version {@code id}. */
  public Path dir(String id) {
    if (id.contains("/") || id.contains("\\") || id.startsWith(".")) {
      throw new IllegalArgumentException("'" + id + "' is not a version name");
    }
    return root.resolve("versions").resolve(id);
  }

  /** Where the version's evaluation goes (its {@code evaluation/} folder). */
  public Path evaluationDir(String id) {
    return dir(id).resolve("evaluation");
  }

  /** Records the evaluation written to {@link #evaluationDir} in the version's description. */
  public ModelVersionRecord recordEvaluation(String id) throws IOException {
    try (FileLock lock = lock()) {
      ModelVersionRecord v = get(id);
      Path file = evaluationDir(id).resolve(EvaluationReport.FILE_NAME);
      EvaluationReport.Summary s = EvaluationReport.readSummary(file);
      if (!s.headsVersion().equals(v.headsVersion()) || !s.encoderVersion().equals(v.encoderVersion())) {
        throw new IllegalArgumentException(file + " evaluates " + s.encoderVersion() + "+" + s.headsVersion()
            + ", not version " + id);
      }
      ModelVersionRecord updated = v.withEvaluation(new ModelVersionRecord.Evaluation(s.split(), s.meanAuroc(),
          s.minAuroc(), s.meanAuprc(), s.unevaluated(), s.scans(), s.datasetSha256(), Instant.now()));
      write(updated);
      return updated;
    }
  }

  /** Marks a version clinically validated or not (its reports become final or stay preliminary). */
  public ModelVersionRecord markValidated(String id, boolean validated) throws IOException {
    try (FileLock lock = lock()) {
      ModelVersionRecord updated = get(id).withValidated(validated);
      write(updated);
      return updated;
    }
  }

  public Optional<Active> active() throws IOException {
    Path f = root.resolve(ACTIVE_FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), Active.class));
  }

  /**
   * Makes {@code id} the active version when its evaluation meets {@code bar}.
   *
   * @throws PromotionRefusedException naming every shortfall, when it does not
   */
  public Active promote(String id, PromotionBar bar, String by) throws IOException {
    try (FileLock lock = lock()) {
      ModelVersionRecord v = get(id);
      if (v.evaluation() == null) {
        throw new PromotionRefusedException(id, List.of("it has no evaluation yet (run neurojepa evaluate)"));
      }
      List<String> shortfalls = bar.shortfalls(v.evaluation());
      if (!shortfalls.isEmpty()) {
        throw new PromotionRefusedException(id, shortfalls);
      }
      Optional<Active> current = active();
      if (current.isPresent() && current.get().version().equals(id)) {
        return current.get();
      }
      List<String> previous = new ArrayList<>(current.map(Active::previous).orElse(List.of()));
      current.ifPresent(a -> previous.add(a.version()));
      Active next = new Active(id, previous, Instant.now(), by);
      writeActive(next);
      return next;
    }
  }

  /** Makes the previous active version active again. */
  public Active rollback(String by) throws IOException {
    try (FileLock lock = lock()) {
      Active current = active().orElseThrow(() -> new IllegalStateException("no version is active; nothing to roll back"));
      if (current.previous().isEmpty()) {
        throw new IllegalStateException("version " + current.version() + " is the first one promoted; nothing before it");
      }
      List<String> previous = new ArrayList<>(current.previous());
      String back = previous.remove(previous.size() - 1);
      Active next = new Active(back, previous, Instant.now(), by);
      writeActive(next);
      return next;
    }
  }

  public Path root() {
    return root;
  }

  private ModelVersionRecord read(Path dir) throws IOException {
    Path f = dir.resolve(VERSION_FILE);
    try {
      return JSON.readValue(f.toFile(), ModelVersionRecord.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("model version description " + f + " is invalid: " + e.getOriginalMessage(), e);
    }
  }

  private void write(ModelVersionRecord v) throws IOException {
    Path f = dir(v.id()).resolve(VERSION_FILE);
    Path tmp = f.resolveSibling(VERSION_FILE + ".partial");
    JSON.writeValue(tmp.toFile(), v);
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeActive(Active a) throws IOException {
    Path f = root.resolve(ACTIVE_FILE);
    Path tmp = root.resolve(ACTIVE_FILE + ".partial");
    JSON.writeValue(tmp.toFile(), a);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private FileLock lock() throws IOException {
    FileChannel ch = FileChannel.open(root.resolve("registry.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return ch.lock();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.exists(from)) {
      throw new java.io.FileNotFoundException(from.toString());
    }
    if (Files.isRegularFile(from)) {
      Files.createDirectories(to);
      Files.copy(from, to.resolve(from.getFileName()));
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          try {
            Files.createLink(target, p);
          } catch (UnsupportedOperationException | IOException e) {
            if (e instanceof FileAlreadyExistsException) {
              throw (FileAlreadyExistsException) e;
            }
            Files.copy(p, target);
          }
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
