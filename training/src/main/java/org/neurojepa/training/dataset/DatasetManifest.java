package org.neurojepa.training.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.input.ModelInputFit;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * A dataset directory: {@code manifest.jsonl} lists the accepted series, one JSON object per line,
 * and the model inputs lie beside it in shard directories. Lines are only ever appended, each with
 * an fsync, so a harvest killed at any point leaves a readable manifest: a torn last line (no
 * newline) is ignored on reading and cut off before the next append.
 *
 * <p>Line format: {@code {"patient", "study_uid", "series_uid", "sequence": "T1w|T2w|FLAIR",
 * "split": "train|validation|test", "file", "sha256", "qc": {name: number}}}.
 */
public final class DatasetManifest {
  public static final String FILE_NAME = "manifest.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<DatasetEntry> entries;
  private final String sha256;

  private DatasetManifest(Path dir, List<DatasetEntry> entries, String sha256) {
    this.dir = dir;
    this.entries = List.copyOf(entries);
    this.sha256 = sha256;
  }

  /**
   * Reads {@code dir/manifest.jsonl} (or {@code dir} itself when it names the manifest file). A
   * missing manifest is an empty dataset only when {@code dir} exists and is empty of it; a
   * malformed complete line is an error naming its line number; a series listed twice is an error.
   */
  public static DatasetManifest read(Path dirOrManifest) throws IOException {
    Path dir = dirOrManifest.getFileName() != null && dirOrManifest.getFileName().toString().equals(FILE_NAME)
        ? dirOrManifest.toAbsolutePath().getParent() : dirOrManifest.toAbsolutePath();
    if (!Files.isDirectory(dir)) {
      throw new IOException("dataset " + dir + " is not a directory");
    }
    Path manifest = dir.resolve(FILE_NAME);
    String text = JsonLines.completeText(manifest);
    List<DatasetEntry> entries = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      DatasetEntry e;
      try {
        e = fromJson(JSON.readTree(line));
      } catch (IOException | RuntimeException ex) {
        throw new IOException(manifest + " line " + lineNo + " is not a dataset entry: " + ex.getMessage(), ex);
      }
      Integer before = seen.putIfAbsent(e.seriesUid(), lineNo);
      if (before != null) {
        throw new IOException(manifest + " lists series " + e.seriesUid() + " twice (lines " + before + " and " + lineNo + ")");
      }
      entries.add(e);
    }
    return new DatasetManifest(dir, entries, sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Appends {@code entry} durably (the line is on disk when this returns). */
  public static void append(Path dir, DatasetEntry entry) throws IOException {
    Files.createDirectories(dir);
    JsonLines.append(dir.resolve(FILE_NAME), JSON.writeValueAsString(toJson(entry)));
  }

  public Path dir() {
    return dir;
  }

  public List<DatasetEntry> entries() {
    return entries;
  }

  public List<DatasetEntry> entries(Split split) {
    return entries.stream().filter(e -> e.split() == split).toList();
  }

  public boolean contains(String seriesUid) {
    return entries.stream().anyMatch(e -> e.seriesUid().equals(seriesUid));
  }

  /** Hex SHA-256 of the manifest's complete lines: the dataset's identity in a model's provenance. */
  public String sha256() {
    return sha256;
  }

  public Path file(DatasetEntry entry) {
    return dir.resolve(entry.file());
  }

  /**
   * The entry's model input for {@code config}, in model order: the file's hash is checked, then
   * the recipe's input is brought to the architecture's size as the service does.
   */
  public float[] modelInput(DatasetEntry entry, NeuroJepaConfig config) throws IOException {
    Path file = file(entry);
    String actual;
    try {
      actual = sha256(file);
    } catch (IOException e) {
      throw new IOException("cannot read model input " + file + " of series " + entry.seriesUid() + ": " + e.getMessage(), e);
    }
    if (!actual.equals(entry.sha256())) {
      throw new IOException("model input " + file + " of series " + entry.seriesUid() + " is damaged: SHA-256 "
          + actual + ", the manifest says " + entry.sha256());
    }
    Volume v = NiftiReader.read(file);
    try {
      v = ModelInputFit.fit(v, config.inputDepth(), config.inputHeight(), config.inputWidth());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return ModelInputFit.modelOrder(v);
  }

  /** Hex SHA-256 of a file, as the manifest records it. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    }
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static ObjectNode toJson(DatasetEntry e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("patient", e.patient());
    n.put("study_uid", e.studyUid());
    n.put("series_uid", e.seriesUid());
    n.put("sequence", e.sequence().label());
    n.put("split", e.split().label());
    n.put("file", e.file());
    n.put("sha256", e.sha256());
    ObjectNode qc = n.putObject("qc");
    e.qc().forEach(qc::put);
    return n;
  }

  private static DatasetEntry fromJson(JsonNode n) {
    Map<String, Double> qc = new LinkedHashMap<>();
    JsonNode q = n.path("qc");
    q.fieldNames().forEachRemaining(name -> qc.put(name, q.get(name).asDouble()));
    return new DatasetEntry(text(n, "patient"), text(n, "study_uid"), text(n, "series_uid"),
        SequenceType.ofLabel(text(n, "sequence")), Split.ofLabel(text(n, "split")), text(n, "file"),
        text(n, "sha256"), qc);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field \"" + field + "\"");
    }
    return v.asText();
  }
}
