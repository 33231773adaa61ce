package org.neurojepa.training.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.dataset.Split;
import org.neurojepa.training.evaluate.EvaluationReport;
import org.neurojepa.training.evaluate.Evaluator;
import org.neurojepa.training.evaluate.LabelEvaluation;

/**
 * The findings-head pipeline learns signal, not leakage: on a generated cohort where half the
 * patients carry a hyperintense lesion at a random white-matter place, a head trained with the
 * tiny encoder (fine-tuned from its seeded weights) separates held-out patients (AUROC ≥ 0.9 on the
 * test split, which training never reads), and the same pipeline on shuffled labels stays at
 * chance. A frozen untrained encoder is not enough here: its depth-1 probes reached 0.87–0.92 on
 * held-out patients of two cohorts, so the test takes the fine-tuned path.
 */
class LesionHeadTest {
  @TempDir static Path dir;
  static LesionCohort.Cohort cohort;
  static DatasetManifest data;
  static InferenceEngine encoder;

  static final HeadSettings SETTINGS = HeadSettings.defaults().withFineTune(true).withEpochs(12).withPatience(6)
      .withSeed(3).withLearningRate(3e-3).withEncoderLearningRate(3e-4).withBatch(8);

  @BeforeAll
  static void cohort() throws IOException {
    cohort = LesionCohort.write(dir.resolve("dataset"), 200, 12);
    data = DatasetManifest.read(cohort.dataset());
    encoder = InferenceEngine.builder().config(NeuroJepaConfig.tiny()).seed(0).build();
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void aHeadFindsTheLesionInHeldOutPatients() throws Exception {
    LabelTable labels = LabelTable.readCsv(cohort.labels());
    HeadSettings settings = SETTINGS;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    HeadTrainer.Result trained = HeadTrainer.train(encoder, data, labels, settings, dir.resolve("trained"),
        new PrintStream(console, true, StandardCharsets.UTF_8));
    System.out.print(console.toString(StandardCharsets.UTF_8));
    assertTrue(Files.isRegularFile(dir.resolve("trained/loss_curve.png")));
    assertTrue(Files.isRegularFile(dir.resolve("trained/metrics.csv")));
    assertTrue(trained.encoder().id().startsWith("finetuned-"), trained.encoder().id());
    try (InferenceEngine tuned = InferenceEngine.builder().checkpoint(trained.encoderDir()).build();
        FindingHeads heads = FindingHeads.load(trained.headsDir(), tuned.version())) {
      assertEquals(trained.encoder(), tuned.version());
      EvaluationReport report = Evaluator.evaluate(tuned, heads, data, labels, Evaluator.Settings.defaults(),
          dir.resolve("evaluation"), System.out);
      LabelEvaluation lesion = report.labels().get(0);
      assertEquals(Split.TEST.label(), report.split());
      assertEquals(data.entries(Split.TEST).size(), report.scans());
      assertTrue(lesion.positives() >= 15 && lesion.negatives() >= 15, lesion.positives() + "+ / " + lesion.negatives() + "-");
      assertTrue(lesion.auroc().value() >= 0.9, "AUROC " + lesion.auroc());
      assertTrue(lesion.auroc().lower() <= lesion.auroc().value() && lesion.auroc().value() <= lesion.auroc().upper());
      assertTrue(Files.size(dir.resolve("evaluation/roc_curves.png")) > 1000);
      assertEquals(report.scans() + 1, Files.readAllLines(dir.resolve("evaluation/predictions.csv")).size());
    }
  }

  @Test
  void theSamePipelineOnShuffledLabelsStaysAtChance() throws Exception {
    LabelTable shuffled = LabelTable.readCsv(cohort.labels()).shuffled(5);
    HeadSettings settings = SETTINGS;
    HeadTrainer.Result trained = HeadTrainer.train(encoder, data, shuffled, settings, dir.resolve("shuffled"),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try (InferenceEngine tuned = InferenceEngine.builder().checkpoint(trained.encoderDir()).build();
        FindingHeads heads = FindingHeads.load(trained.headsDir(), tuned.version())) {
      EvaluationReport report = Evaluator.evaluate(tuned, heads, data, shuffled, Evaluator.Settings.defaults(),
          dir.resolve("shuffled-evaluation"), System.out);
      LabelEvaluation l = report.labels().get(0);
      assertTrue(l.auroc().lower() <= 0.5 && 0.5 <= l.auroc().upper(), "chance is inside the interval: " + l.auroc());
      assertTrue(Math.abs(l.auroc().value() - 0.5) <= 0.25, "AUROC " + l.auroc());
    }
  }
}
