package org.neurojepa.training.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.preprocessing.series.SequenceType;
import org.neurojepa.training.dataset.DatasetEntry;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;
import org.neurojepa.training.heads.LabelTable;
import org.neurojepa.training.heads.LabelledScan;
import org.neurojepa.training.heads.ScanFeatures;
import org.neurojepa.training.plot.RocCurvePlot;

/**
 * Evaluates installed heads on one split of a dataset (the test split unless told otherwise): the
 * service's encoder embeds each scan, the heads give probabilities, and each label gets AUROC and
 * AUPRC with patient-level bootstrap intervals, sensitivity and specificity at its operating point,
 * a ROC curve, and every prediction in {@code predictions.csv} for review.
 */
public final class Evaluator {
  private Evaluator() {}

  /** How an evaluation is run. */
  public record Settings(Split split, int replicates, double level, long seed) {
    public Settings {
      if (replicates < 1 || !(level > 0 && level < 1)) {
        throw new IllegalArgumentException("replicates ≥ 1 and 0 < level < 1");
      }
    }

    public static Settings defaults() {
      return new Settings(Split.TEST, 1000, 0.95, 0);
    }
  }

  public static EvaluationReport evaluate(InferenceEngine encoder, FindingHeads heads, DatasetManifest data,
      LabelTable labels, Settings s, Path out, PrintStream console) throws IOException, InterruptedException {
    List<String> headLabels = heads.manifest().labels();
    List<String> missing = headLabels.stream().filter(l -> !labels.labels().contains(l)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the label table has no column for " + missing + " (it has " + labels.labels() + ")");
    }
    Set<SequenceType> sequences = new HashSet<>();
    for (String q : heads.manifest().sequences()) {
      sequences.add(SequenceType.ofLabel(q));
    }
    List<DatasetEntry> entries = data.entries(s.split()).stream()
        .filter(e -> sequences.isEmpty() || sequences.contains(e.sequence())).toList();
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the dataset's " + s.split().label() + " split has no scans of " + sequences);
    }
    console.printf(Locale.ROOT, "evaluating heads %s (encoder %s) on %d %s scans%n", heads.manifest().headsVersion(),
        encoder.version().id(), entries.size(), s.split().label());
    List<LabelledScan> scans = ScanFeatures.labelled(entries, labels, console);
    if (scans.isEmpty()) {
      throw new IllegalArgumentException("no " + s.split().label() + " scan has labels");
    }
    List<Embedding> embeddings = ScanFeatures.embed(encoder, data, scans, console);
    List<Map<String, Double>> probabilities = new ArrayList<>();
    for (int start = 0; start < embeddings.size(); start += 32) {
      probabilities.addAll(heads.probabilities(embeddings.subList(start, Math.min(embeddings.size(), start + 32))));
    }
    Files.createDirectories(out);
    List<LabelEvaluation> results = new ArrayList<>();
    List<RocCurvePlot.Curve> curves = new ArrayList<>();
    StringBuilder predictions = new StringBuilder("series_uid,study_uid,patient,sequence,label,probability,truth\n");
    for (String label : headLabels) {
      int column = labels.labels().indexOf(label);
      List<Double> sc = new ArrayList<>();
      List<Boolean> tr = new ArrayList<>();
      List<String> pa = new ArrayList<>();
      for (int i = 0; i < scans.size(); i++) {
        Boolean truth = scans.get(i).label(column);
        double p = probabilities.get(i).get(label);
        DatasetEntry e = scans.get(i).entry();
        predictions.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%.6f,%s%n", e.seriesUid(), e.studyUid(),
            e.patient(), e.sequence().label(), label, p, truth == null ? "" : truth ? "1" : "0"));
        if (truth != null) {
          sc.add(p);
          tr.add(truth);
          pa.add(e.patient());
        }
      }
      double[] scores = sc.stream().mapToDouble(Double::doubleValue).toArray();
      boolean[] truth = new boolean[tr.size()];
      for (int i = 0; i < truth.length; i++) {
        truth[i] = tr.get(i);
      }
      String[] patients = pa.toArray(String[]::new);
      BootstrapInterval.Estimate auroc =
          BootstrapInterval.of(scores, truth, patients, BinaryMetrics::auroc, s.replicates(), s.level(), s.seed());
      BootstrapInterval.Estimate auprc = BootstrapInterval.of(scores, truth, patients, BinaryMetrics::averagePrecision,
          s.replicates(), s.level(), s.seed() + 1);
      double point = heads.manifest().operatingPoint(label);
      int tp = 0;
      int fn = 0;
      int tn = 0;
      int fp = 0;
      for (int i = 0; i < scores.length; i++) {
        boolean called = scores[i] >= point;
        if (truth[i]) {
          tp += called ? 1 : 0;
          fn += called ? 0 : 1;
        } else {
          fp += called ? 1 : 0;
          tn += called ? 0 : 1;
        }
      }
      results.add(new LabelEvaluation(label, tp + fn, tn + fp, auroc, auprc, point,
          tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn), tn + fp == 0 ? Double.NaN : (double) tn / (tn + fp)));
      List<BinaryMetrics.RocPoint> roc = BinaryMetrics.rocCurve(scores, truth);
      curves.add(new RocCurvePlot.Curve(label, auroc.value(),
          roc.stream().mapToDouble(BinaryMetrics.RocPoint::falsePositiveRate).toArray(),
          roc.stream().mapToDouble(BinaryMetrics.RocPoint::truePositiveRate).toArray()));
      console.printf(Locale.ROOT, "%-28s AUROC %.3f [%.3f, %.3f]  AUPRC %.3f [%.3f, %.3f]  (%d+ / %d-)%n", label,
          auroc.value(), auroc.lower(), auroc.upper(), auprc.value(), auprc.lower(), auprc.upper(), tp + fn, tn + fp);
    }
    Map<String, Boolean> patientsSeen = new LinkedHashMap<>();
    scans.forEach(sc -> patientsSeen.put(sc.entry().patient(), true));
    EvaluationReport report = new EvaluationReport(encoder.version().id(), heads.manifest().headsVersion(),
        s.split().label(), data.sha256(), scans.size(), patientsSeen.size(), s.replicates(), s.level(), results,
        Instant.now());
    report.write(out.resolve(EvaluationReport.FILE_NAME));
    Files.writeString(out.resolve("predictions.csv"), predictions.toString(), StandardCharsets.UTF_8);
    RocCurvePlot.write(out.resolve("roc_curves.png"), String.format(Locale.ROOT, "ROC on the %s split (%d scans): %s",
        s.split().label(), scans.size(), heads.manifest().headsVersion()), curves);
    console.printf(Locale.ROOT, "mean AUROC %.3f, mean AUPRC %.3f; report %s%n", report.meanAuroc(), report.meanAuprc(),
        out.resolve(EvaluationReport.FILE_NAME));
    return report;
  }
}
