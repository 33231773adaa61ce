package org.neurojepa.training.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.neurojepa.preprocessing.series.SequenceType;

/**
 * {@code rejections.jsonl} beside a dataset's manifest: the series a harvest left out, one JSON
 * object per line, appended and forced to disk like the manifest (a torn last line is ignored
 * and cut before the next append).
 *
 * <p>Line format: {@code {"study_uid", "series_uid", "stage":
 * "classification|selection|conversion|preprocessing|qc", "code", "reason", "sequence"?: "T1w|T2w|FLAIR",
 * "qc": {name: number}}}.
 */
public final class RejectionLog {
  public static final String FILE_NAME = "rejections.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Rejection> rejections;

  private RejectionLog(List<Rejection> rejections) {
    this.rejections = List.copyOf(rejections);
  }

  /** Reads {@code dir/rejections.jsonl}; absent, it is empty. A series listed twice is an error. */
  public static RejectionLog read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    List<Rejection> list = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : JsonLines.completeText(file).split("\n", -1)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      Rejection r;
      try {
        r = fromJson(JSON.readTree(line));
      } catch (IOException | RuntimeException e) {
        throw new IOException(file + " line " + lineNo + " is not a rejection: " + e.getMessage(), e);
      }
      Integer before = seen.putIfAbsent(r.seriesUid(), lineNo);
      if (before != null) {
        throw new IOException(file + " lists series " + r.seriesUid() + " twice (lines " + before + " and " + lineNo + ")");
      }
      list.add(r);
    }
    return new RejectionLog(list);
  }

  /** Appends {@code rejection} durably (the line is on disk when this returns). */
  public static void append(Path dir, Rejection rejection) throws IOException {
    Files.createDirectories(dir);
    JsonLines.append(dir.resolve(FILE_NAME), JSON.writeValueAsString(toJson(rejection)));
  }

  public List<Rejection> rejections() {
    return rejections;
  }

  public boolean contains(String seriesUid) {
    return rejections.stream().anyMatch(r -> r.seriesUid().equals(seriesUid));
  }

  /** How many series each reason code left out, by code. */
  public Map<String, Integer> countsByCode() {
    Map<String, Integer> counts = new TreeMap<>();
    rejections.forEach(r -> counts.merge(r.code(), 1, Integer::sum));
    return counts;
  }

  private static ObjectNode toJson(Rejection r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("study_uid", r.studyUid());
    n.put("series_uid", r.seriesUid());
    n.put("stage", r.stage().label());
    n.put("code", r.code());
    n.put("reason", r.reason());
    r.sequence().ifPresent(s -> n.put("sequence", s.label()));
    ObjectNode qc = n.putObject("qc");
    r.qc().forEach(qc::put);
    return n;
  }

  private static Rejection fromJson(JsonNode n) {
    Map<String, Double> qc = new LinkedHashMap<>();
    JsonNode q = n.path("qc");
    q.fieldNames().forEachRemaining(name -> qc.put(name, q.get(name).asDouble()));
    Optional<SequenceType> sequence = n.hasNonNull("sequence")
        ? Optional.of(SequenceType.ofLabel(n.get("sequence").asText())) : Optional.empty();
    return new Rejection(text(n, "study_uid"), text(n, "series_uid"), Rejection.Stage.ofLabel(text(n, "stage")),
        text(n, "code"), text(n, "reason"), sequence, qc);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field \"" + field + "\"");
    }
    return v.asText();
  }
}
