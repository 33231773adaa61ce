package org.neurojepa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import org.neurojepa.testing.CubeDataset;
import picocli.CommandLine;

/**
 * train-heads → evaluate → models (promote, validate, rollback) as a user runs them, on a small
 * generated dataset (noise volumes, a bright cube in the positive ones). Whether heads learn is
 * LesionHeadTest's question; this one checks the commands, the registry they fill and their errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingCommandsTest {
  @TempDir static Path dir;
  static Path data;
  static Path labels;
  static Path registry;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = NeuroJepaCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void dataset() throws Exception {
    data = dir.resolve("dataset");
    registry = dir.resolve("models");
    labels = CubeDataset.write(data, "Cube");
  }

  @Test
  @Order(1)
  void trainHeadsRegistersAVersionThatEvaluateAndPromoteUse() throws Exception {
    Result trained = run("train-heads", "--data", data.toString(), "--labels", labels.toString(), "--out",
        dir.resolve("run").toString(), "--variant", "tiny", "--epochs", "3", "--batch", "4", "--registry",
        registry.toString());
    assertEquals(0, trained.exit(), trained.err());
    assertTrue(Files.isRegularFile(dir.resolve("run/heads/heads.json")));
    assertTrue(Files.isRegularFile(dir.resolve("run/loss_curve.png")));
    List<ModelVersionRecord> versions = ModelRegistry.open(registry).versions();
    assertEquals(1, versions.size());
    ModelVersionRecord v = versions.get(0);
    assertTrue(v.id().startsWith("untrained-0+heads-"), v.id());

    Result refused = run("models", "promote", v.id(), "--registry", registry.toString());
    assertEquals(3, refused.exit(), refused.out() + refused.err());
    assertTrue(refused.err().contains("no evaluation"), refused.err());
    Result refusedTopLevel = run("promote", v.id(), "--registry", registry.toString());
    assertEquals(3, refusedTopLevel.exit(), "neurojepa promote is models promote: " + refusedTopLevel.err());
    assertTrue(refusedTopLevel.err().contains("no evaluation"), refusedTopLevel.err());

    Result evaluated = run("evaluate", v.id(), "--registry", registry.toString(), "--data", data.toString(), "--labels",
        labels.toString(), "--bootstrap", "100");
    assertEquals(0, evaluated.exit(), evaluated.err());
    Path evaluation = ModelRegistry.open(registry).evaluationDir(v.id());
    for (String f : List.of("evaluation.json", "roc_curves.png", "predictions.csv")) {
      assertTrue(Files.isRegularFile(evaluation.resolve(f)), f);
    }
    ModelVersionRecord recorded = ModelRegistry.open(registry).get(v.id());
    assertEquals("test", recorded.evaluation().split());
    assertEquals(6, recorded.evaluation().scans());

    Result promoted = run("models", "promote", v.id(), "--registry", registry.toString(), "--min-mean-auroc", "0",
        "--min-label-auroc", "0");
    assertEquals(0, promoted.exit(), promoted.err());
    assertEquals(v.id(), ModelRegistry.open(registry).active().orElseThrow().version());
    Result listed = run("models", "--registry", registry.toString());
    assertEquals(0, listed.exit(), listed.err());
    assertTrue(listed.out().contains("* " + v.id()), listed.out());

    assertEquals(0, run("models", "validate", v.id(), "--registry", registry.toString()).exit());
    assertTrue(ModelRegistry.open(registry).get(v.id()).validated());
    Result nothingBefore = run("models", "rollback", "--registry", registry.toString());
    assertEquals(2, nothingBefore.exit());
    assertTrue(nothingBefore.err().contains("nothing before it"), nothingBefore.err());
    Result nothingBeforeTopLevel = run("rollback", "--registry", registry.toString());
    assertEquals(2, nothingBeforeTopLevel.exit());
    assertTrue(nothingBeforeTopLevel.err().contains("nothing before it"), nothingBeforeTopLevel.err());
  }

  @Test
  @Order(2)
  void conditionsGiveEhrLabelsUnderTheHarvestsPseudonyms() throws Exception {
    Path pseudonymous = dir.resolve("pseudonymous");
    Files.createDirectories(pseudonymous);
    org.neurojepa.training.harvest.SiteSecret secret =
        org.neurojepa.training.harvest.SiteSecret.fromFile(dir.resolve("pseudonymous.secret"), pseudonymous);
    CubeDataset.write(pseudonymous, "Cube", p -> secret.pseudonyms().key("PID-" + p));
    StringBuilder ndjson = new StringBuilder();
    for (int p = 0; p < 24; p++) {
      // the even patients (the cubes) have a glioma, C71.9: Cancer; the odd ones asthma only
      ndjson.append("{\"resourceType\":\"Condition\",\"subject\":{\"identifier\":{\"system\":"
          + "\"urn:neurojepa:patient-id\",\"value\":\"PID-" + p + "\"}},\"code\":{\"coding\":[{\"system\":"
          + "\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"" + (p % 2 == 0 ? "C71.9" : "J45.9") + "\"}]}}\n");
    }
    Path conditions = dir.resolve("conditions.ndjson");
    Files.writeString(conditions, ndjson.toString());
    Result noSecret = run("train-heads", "--data", data.toString(), "--conditions", conditions.toString(), "--out",
        dir.resolve("x").toString(), "--variant", "tiny", "--epochs", "1");
    assertEquals(2, noSecret.exit());
    assertTrue(noSecret.err().contains("no pseudonym secret"), noSecret.err());
    // eleven labels, but the cohort only has cancers: every other label has no positive to learn from
    Result onlyCancer = run("train-heads", "--data", pseudonymous.toString(), "--conditions", conditions.toString(),
        "--out", dir.resolve("ehr").toString(), "--variant", "tiny", "--epochs", "1");
    assertEquals(2, onlyCancer.exit());
    assertTrue(onlyCancer.err().contains("'Hydrocephalus' has 0 positive"), onlyCancer.err());
    assertTrue(onlyCancer.err().contains("--only-labels"), "the refusal says how to go on: " + onlyCancer.err());
    // the label the cohort has, alone, trains
    Result cancer = run("train-heads", "--data", pseudonymous.toString(), "--conditions", conditions.toString(),
        "--only-labels", "Cancer", "--out", dir.resolve("ehr").toString(), "--variant", "tiny", "--epochs", "1");
    assertEquals(0, cancer.exit(), cancer.err());
    assertTrue(Files.readString(dir.resolve("ehr/heads/heads.json")).contains("\"Cancer\""));
    assertFalse(Files.readString(dir.resolve("ehr/heads/heads.json")).contains("Hydrocephalus"));
    Result misspelt = run("train-heads", "--data", pseudonymous.toString(), "--conditions", conditions.toString(),
        "--only-labels", "Cancr", "--out", dir.resolve("ehr2").toString(), "--variant", "tiny", "--epochs", "1");
    assertEquals(2, misspelt.exit());
    assertTrue(misspelt.err().contains("no label 'Cancr'"), misspelt.err());
  }

  @Test
  @Order(3)
  void badInputIsRefusedWithTheReason() {
    Result noLabels = run("train-heads", "--data", data.toString(), "--labels", dir.resolve("absent.csv").toString(),
        "--out", dir.resolve("x").toString(), "--variant", "tiny");
    assertEquals(2, noLabels.exit());
    assertTrue(noLabels.err().contains("absent.csv"), noLabels.err());
    Result badSequence = run("train-heads", "--data", data.toString(), "--labels", labels.toString(), "--out",
        dir.resolve("x").toString(), "--variant", "tiny", "--sequences", "DWI");
    assertEquals(2, badSequence.exit());
    Result unknownVersion = run("evaluate", "nope", "--registry", registry.toString(), "--data", data.toString(),
        "--labels", labels.toString());
    assertEquals(2, unknownVersion.exit());
    assertTrue(unknownVersion.err().contains("no model version 'nope'"), unknownVersion.err());
    Result both = run("evaluate", "nope", "--heads", dir.toString(), "--registry", registry.toString(), "--data",
        data.toString(), "--labels", labels.toString());
    assertEquals(2, both.exit());
  }
}
