package org.neurojepa.training.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.HeadsCheckpoint;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.model.nn.MultiLabelHeads;
import org.neurojepa.training.evaluate.BootstrapInterval;
import org.neurojepa.training.evaluate.EvaluationReport;
import org.neurojepa.training.evaluate.LabelEvaluation;

/** Registering, evaluating, promoting only over the bar, rolling back. */
class ModelRegistryTest {
  @TempDir Path dir;

  /** A heads training output for an untrained tiny encoder, with weights from {@code seed}. */
  private Path trained(String name, long seed) throws IOException {
    Path out = dir.resolve(name);
    List<String> labels = List.of("Infarct", "Atrophy");
    MultiLabelHeads layout = new MultiLabelHeads(FindingHeads.PREFIX, labels, 64, 4, 1, 1e-6);
    try (ParameterStore p = ParameterStore.initialise(layout.specs(), seed, Device.cpu(), DataType.FLOAT32)) {
      HeadsCheckpoint.write(out.resolve("heads"), new HeadsCheckpoint.Description("heads-" + name, labels, 1, 4, 64, 1e-6,
          "untrained-0", "", List.of("T1w"), Map.of(), "test"), p.toHost());
    }
    Files.writeString(out.resolve("metrics.csv"), "epoch,train_loss\n1,0.5\n");
    return out;
  }

  private static void evaluation(ModelRegistry r, ModelVersionRecord v, String split, double... aurocs)
      throws IOException {
    List<LabelEvaluation> labels = new java.util.ArrayList<>();
    for (int i = 0; i < aurocs.length; i++) {
      labels.add(new LabelEvaluation(v.labels().get(i), 10, 10, new BootstrapInterval.Estimate(aurocs[i], 0, 1, 100),
          new BootstrapInterval.Estimate(0.5, 0, 1, 100), 0.5, 0.5, 0.5));
    }
    new EvaluationReport(v.encoderVersion(), v.headsVersion(), split, "d".repeat(64), 20, 20, 100, 0.95, labels,
        Instant.now()).write(r.evaluationDir(v.id()).resolve(EvaluationReport.FILE_NAME));
  }

  @Test
  void aVersionIsRegisteredOnceWithItsProvenance() throws IOException {
    ModelRegistry r = ModelRegistry.open(dir.resolve("registry"));
    ModelVersionRecord v = r.register(trained("a", 1), EncoderSource.untrained("tiny", 0), null, null, "f".repeat(64), 0.8);
    assertEquals("untrained-0+heads-a", v.id());
    assertEquals(List.of("Infarct", "Atrophy"), v.labels());
    assertEquals(EncoderSource.Kind.UNTRAINED, v.encoder().kind());
    assertEquals("f".repeat(64), v.datasetSha256());
    assertTrue(Files.isRegularFile(r.dir(v.id()).resolve("heads").resolve(HeadsCheckpoint.WEIGHTS)));
    assertTrue(Files.isRegularFile(r.dir(v.id()).resolve("training/metrics.csv")));
    assertFalse(Files.exists(r.dir(v.id()).resolve("encoder")), "an untrained encoder is its seed, not files");
    assertEquals(v, r.register(trained("a", 1), EncoderSource.untrained("tiny", 0), null, null, "f".repeat(64), 0.8));
    assertEquals(1, r.versions().size());
    assertEquals(v, ModelRegistry.open(dir.resolve("registry")).get(v.id()), "read back from version.json");
  }

  @Test
  void promotionNeedsATestEvaluationOverTheBarAndRollbackRestoresThePrevious() throws IOException {
    ModelRegistry r = ModelRegistry.open(dir.resolve("registry"));
    ModelVersionRecord a = r.register(trained("a", 1), EncoderSource.untrained("tiny", 0), null, null, "f".repeat(64), 0.8);
    ModelVersionRecord b = r.register(trained("b", 2), EncoderSource.untrained("tiny", 0), null, null, "f".repeat(64), 0.9);
    PromotionBar bar = new PromotionBar(0.75, 0.6);

    PromotionRefusedException none = assertThrows(PromotionRefusedException.class, () -> r.promote(a.id(), bar, "ana"));
    assertTrue(none.getMessage().contains("no evaluation"), none.getMessage());

    evaluation(r, a, "validation", 0.9, 0.5);
    r.recordEvaluation(a.id());
    PromotionRefusedException low = assertThrows(PromotionRefusedException.class, () -> r.promote(a.id(), bar, "ana"));
    assertEquals(3, low.shortfalls().size(), low.shortfalls().toString());
    assertTrue(low.getMessage().contains("not on test") && low.getMessage().contains("mean AUROC 0.700 below 0.750")
        && low.getMessage().contains("lowest label AUROC 0.500"), low.getMessage());
    assertTrue(r.active().isEmpty());

    evaluation(r, a, "test", 0.9, 0.8);
    assertEquals(0.85, r.recordEvaluation(a.id()).evaluation().meanAuroc(), 1e-9);
    assertEquals(a.id(), r.promote(a.id(), bar, "ana").version());
    evaluation(r, b, "test", 0.95, 0.9);
    r.recordEvaluation(b.id());
    ModelRegistry.Active active = r.promote(b.id(), bar, "ben");
    assertEquals(b.id(), active.version());
    assertEquals(List.of(a.id()), active.previous());
    assertEquals("ben", active.by());

    ModelRegistry.Active back = r.rollback("ana");
    assertEquals(a.id(), back.version());
    assertEquals(List.of(), back.previous());
    assertThrows(IllegalStateException.class, () -> r.rollback("ana"), "nothing before the first promotion");
  }

  @Test
  void anEvaluationOfAnotherVersionAndADamagedDescriptionAreRefused() throws IOException {
    ModelRegistry r = ModelRegistry.open(dir.resolve("registry"));
    ModelVersionRecord a = r.register(trained("a", 1), EncoderSource.untrained("tiny", 0), null, null, "f".repeat(64), 0.8);
    new EvaluationReport("untrained-0", "heads-other", "test", "d".repeat(64), 1, 1, 10, 0.95, List.of(), Instant.now())
        .write(r.evaluationDir(a.id()).resolve(EvaluationReport.FILE_NAME));
    assertThrows(IllegalArgumentException.class, () -> r.recordEvaluation(a.id()));

    Files.writeString(r.dir(a.id()).resolve(ModelRegistry.VERSION_FILE), "{ not json");
    IOException e = assertThrows(IOException.class, () -> r.get(a.id()));
    assertTrue(e.getMessage().contains(ModelRegistry.VERSION_FILE), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.get("../etc"));
    assertThrows(IllegalArgumentException.class, () -> r.get("absent"));
  }

  @Test
  void markingAVersionValidatedIsRecorded() throws IOException {
    ModelRegistry r = ModelRegistry.open(dir.resolve("registry"));
    ModelVersionRecord a = r.register(trained("a", 1), EncoderSource.untrained("tiny", 0), null, null, "f".repeat(64), 0.8);
    assertFalse(a.validated());
    assertTrue(r.markValidated(a.id(), true).validated());
    assertTrue(r.get(a.id()).validated());
  }
}
