package org.neurojepa.training.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of evaluating a model version's heads on a dataset split, as written to
 * {@value #FILE_NAME}: per label AUROC and AUPRC with bootstrap intervals, and their means over the
 * labels that could be evaluated (both classes present).
 */
public record EvaluationReport(
    String encoderVersion, String headsVersion, String split, String datasetSha256, int scans, int patients,
    int bootstrapReplicates, double confidenceLevel, List<LabelEvaluation> labels, Instant evaluatedAt) {
  public static final String FILE_NAME = "evaluation.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public EvaluationReport {
    labels = List.copyOf(labels);
  }

  /** Mean AUROC over the labels with a defined AUROC; NaN when there is none. */
  public double meanAuroc() {
    return labels.stream().mapToDouble(l -> l.auroc().value()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  /** Mean AUPRC over the labels with a defined AUPRC; NaN when there is none. */
  public double meanAuprc() {
    return labels.stream().mapToDouble(l -> l.auprc().value()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  /** Lowest AUROC of any evaluable label; NaN when there is none. */
  public double minAuroc() {
    return labels.stream().mapToDouble(l -> l.auroc().value()).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
  }

  /** Labels that could not be evaluated (a class absent in the split). */
  public List<String> unevaluated() {
    List<String> out = new ArrayList<>();
    for (LabelEvaluation l : labels) {
      if (Double.isNaN(l.auroc().value())) {
        out.add(l.label());
      }
    }
    return out;
  }

  public void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("encoder_version", encoderVersion);
    root.put("heads_version", headsVersion);
    root.put("split", split);
    root.put("dataset_sha256", datasetSha256);
    root.put("scans", scans);
    root.put("patients", patients);
    root.put("bootstrap_replicates", bootstrapReplicates);
    root.put("confidence_level", confidenceLevel);
    root.put("evaluated_at", evaluatedAt.toString());
    putNumber(root, "mean_auroc", meanAuroc());
    putNumber(root, "mean_auprc", meanAuprc());
    putNumber(root, "min_auroc", minAuroc());
    ArrayNode none = root.putArray("unevaluated");
    unevaluated().forEach(none::add);
    ArrayNode arr = root.putArray("labels");
    for (LabelEvaluation l : labels) {
      ObjectNode o = arr.addObject();
      o.put("label", l.label());
      o.put("positives", l.positives());
      o.put("negatives", l.negatives());
      estimate(o.putObject("auroc"), l.auroc());
      estimate(o.putObject("auprc"), l.auprc());
      o.put("operating_point", l.operatingPoint());
      putNumber(o, "sensitivity", l.sensitivity());
      putNumber(o, "specificity", l.specificity());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    JSON.writeValue(tmp.toFile(), root);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads the summary figures back (what promotion needs): mean and minimum AUROC, the split. */
  public static Summary readSummary(Path file) throws IOException {
    var root = JSON.readTree(file.toFile());
    if (root == null || !root.has("mean_auroc") || !root.has("split")) {
      throw new IOException(file + " is not an evaluation report (no mean_auroc or split)");
    }
    return new Summary(root.path("split").asText(), number(root, "mean_auroc"), number(root, "min_auroc"),
        number(root, "mean_auprc"), root.path("unevaluated").size(), root.path("heads_version").asText(),
        root.path("encoder_version").asText(), root.path("dataset_sha256").asText(), root.path("scans").asInt());
  }

  /** The figures of a written report. */
  public record Summary(String split, double meanAuroc, double minAuroc, double meanAuprc, int unevaluated,
      String headsVersion, String encoderVersion, String datasetSha256, int scans) {}

  private static double number(com.fasterxml.jackson.databind.JsonNode root, String key) {
    var n = root.path(key);
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }

  private static void estimate(ObjectNode o, BootstrapInterval.Estimate e) {
    putNumber(o, "value", e.value());
    putNumber(o, "ci_lower", e.lower());
    putNumber(o, "ci_upper", e.upper());
    o.put("replicates", e.replicates());
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isNaN(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}
