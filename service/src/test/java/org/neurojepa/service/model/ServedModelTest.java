package org.neurojepa.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.FhirNames;
import org.neurojepa.fhir.report.ReportValidator;
import org.neurojepa.model.InferenceEngine;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.Checkpoint;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.model.nn.Encoder;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.service.testing.TestScu;
import org.neurojepa.testing.CubeDataset;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.neurojepa.training.dataset.DatasetManifest;
import org.neurojepa.training.evaluate.Evaluator;
import org.neurojepa.training.heads.HeadSettings;
import org.neurojepa.training.heads.HeadTrainer;
import org.neurojepa.training.heads.LabelTable;
import org.neurojepa.training.registry.EncoderSource;
import org.neurojepa.training.registry.ModelRegistry;
import org.neurojepa.training.registry.ModelVersionRecord;
import org.neurojepa.training.registry.PromotionBar;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service serves the registry's active version: a study sent by storescu gets a report with
 * one finding Observation per head label (probability, interpretation at the heads' operating
 * point), reporting the version; an admin promotes another (validated) version over the bar through
 * the API and the next report is final and names it; a version without an evaluation is refused
 * with the reason; rollback restores the earlier one; a promotion made in the registry by the
 * command line reaches the running service; every change is audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServedModelTest {
  private static final Duration DEADLINE = Duration.ofMinutes(6);
  private static final String ADMIN_PASSWORD = "served-model-admin-password";
  private static final String ADMIN = HttpCalls.basic("admin", ADMIN_PASSWORD);

  @TempDir static Path dataDir;
  @TempDir static Path scratch;
  static List<String> versions = new ArrayList<>(); // A (active at start), B (evaluated), C (not evaluated)

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    prepareRegistry();
    ServiceSettings.pipeline(dataDir, ADMIN_PASSWORD)
        .with("neurojepa.pipeline.initial-backoff", "200ms")
        .with("neurojepa.pipeline.poll", "100ms")
        .with("neurojepa.model.registry-poll", "500ms")
        // the random heads of this test are not good; the bar is the API's to apply, not this data's to meet
        .with("neurojepa.model.promotion-min-mean-auroc", 0)
        .with("neurojepa.model.promotion-min-label-auroc", 0)
        .register(registry);
  }

  /** A tiny encoder checkpoint (trained weights have a hash) and three heads versions on it. */
  static void prepareRegistry() throws Exception {
    NeuroJepaConfig tiny = NeuroJepaConfig.tiny();
    Path encoder = scratch.resolve("encoder");
    try (ParameterStore p = ParameterStore.initialise(new Encoder(tiny).specs(), 3, Device.cpu(), DataType.FLOAT32)) {
      Checkpoint.write(encoder, tiny, p.toHost(), "tiny-test-1", "seeded weights for ServedModelTest");
    }
    Path labels = CubeDataset.write(scratch.resolve("dataset"), "Mass effect");
    DatasetManifest data = DatasetManifest.read(scratch.resolve("dataset"));
    ModelRegistry registry = ModelRegistry.open(dataDir.resolve("models"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (InferenceEngine engine = InferenceEngine.builder().weights(encoder).build()) {
      for (int seed = 1; seed <= 3; seed++) {
        Path out = scratch.resolve("heads-" + seed);
        HeadTrainer.Result r = HeadTrainer.train(engine, data, LabelTable.readCsv(labels),
            HeadSettings.defaults().withEpochs(2).withBatch(4).withSeed(seed), out, quiet);
        ModelVersionRecord v = registry.register(out, EncoderSource.of(encoder, "tiny"), encoder, null, data.sha256(),
            r.bestValidationAuroc());
        versions.add(v.id());
        if (seed <= 2) {
          try (FindingHeads h = FindingHeads.load(r.headsDir(), engine.version())) {
            Evaluator.evaluate(engine, h, data, LabelTable.readCsv(labels), new Evaluator.Settings(
                org.neurojepa.training.dataset.Split.TEST, 50, 0.95, 0), registry.evaluationDir(v.id()), quiet);
          }
          registry.recordEvaluation(v.id());
        }
      }
    }
    registry.promote(versions.get(0), new PromotionBar(0, 0), "setup");
  }

  @LocalServerPort int httpPort;
  @Autowired DicomNodeLifecycle node;
  @Autowired AuditTrail audit;
  @Autowired JobQueue jobs;
  private final Await await = Await.upTo(DEADLINE).every(Duration.ofMillis(250))
      .showing(() -> "jobs: " + jobs.list(Optional.empty(), Optional.empty(), 50));

  @Test
  @Order(1)
  void theActiveVersionsFindingsAreInTheReport() throws Exception {
    Bundle bundle = reportOf(sendStudy("first"));
    DiagnosticReport dr = only(bundle, DiagnosticReport.class);
    assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, dr.getStatus(), "A is not validated");
    Observation finding = finding(bundle);
    double p = finding.getValueQuantity().getValue().doubleValue();
    assertTrue(p >= 0 && p <= 1, "probability " + p);
    assertEquals("1", finding.getValueQuantity().getCode());
    assertTrue(finding.getInterpretationFirstRep().getCodingFirstRep().getCode().matches("H|N"),
        "interpretation at the operating point");
    String json = new ReportValidator().context().newJsonParser().encodeResourceToString(bundle);
    assertTrue(json.contains(versions.get(0)), "the report names the version");
    JsonNode serving = json(request("GET", "/api/models/serving", null, 200));
    assertEquals(versions.get(0), serving.get("version").asText());
    assertTrue(serving.get("findingsHeads").asBoolean());
    assertEquals("Mass effect", serving.get("labels").get(0).asText());
    JsonNode list = json(request("GET", "/api/models", null, 200));
    assertEquals(3, list.size());
  }

  @Test
  @Order(2)
  void anAdminPromotesAValidatedVersionAndItsReportsAreFinal() throws Exception {
    String b = versions.get(1);
    request("PUT", "/api/models/" + b + "/validated", "{\"validated\": true}", 200);
    JsonNode promoted = json(request("POST", "/api/models/" + b + "/promote", null, 200));
    assertEquals(b, promoted.get("version").asText());
    assertEquals(versions.get(0), promoted.get("previous").get(0).asText());
    assertEquals(b, json(request("GET", "/api/models/serving", null, 200)).get("version").asText());

    Bundle bundle = reportOf(sendStudy("second"));
    assertEquals(DiagnosticReport.DiagnosticReportStatus.FINAL, only(bundle, DiagnosticReport.class).getStatus());
    assertTrue(new ReportValidator().context().newJsonParser().encodeResourceToString(bundle).contains(b));
    finding(bundle);
    assertTrue(audited(AuditAction.MODEL_PROMOTED, b));
    assertTrue(audited(AuditAction.MODEL_VALIDATED, b));
  }

  @Test
  @Order(3)
  void aVersionWithoutEvaluationIsRefusedAndRollbackRestoresTheEarlierOne() throws Exception {
    JsonNode refused = json(request("POST", "/api/models/" + versions.get(2) + "/promote", null, 409));
    assertTrue(refused.get("refused").get(0).asText().contains("no evaluation"), refused.toString());
    request("POST", "/api/models/no-such-version/promote", null, 404);
    JsonNode back = json(request("POST", "/api/models/rollback", null, 200));
    assertEquals(versions.get(0), back.get("version").asText());
    assertEquals(versions.get(0), json(request("GET", "/api/models/serving", null, 200)).get("version").asText());
    assertTrue(audited(AuditAction.MODEL_ROLLED_BACK, versions.get(0)));
  }

  @Test
  @Order(4)
  void aPromotionFromTheCommandLineReachesTheRunningService() throws Exception {
    ModelRegistry.open(dataDir.resolve("models")).promote(versions.get(1), new PromotionBar(0, 0), "cli-user");
    await.until(() -> versions.get(1).equals(json(request("GET", "/api/models/serving", null, 200))
        .get("version").asText()), "the service serving the version promoted in the registry");
  }

  private String sendStudy(String name) throws Exception {
    GeneratedStudy study = FixtureGenerator.write(StudySpec.builder()
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(1).build())
        .build(), scratch.resolve(name));
    TestScu.send(node.port(), TestScu.files(study.series()), scratch);
    return study.studyInstanceUid();
  }

  private Bundle reportOf(String studyUid) throws Exception {
    String json = await.untilPresent(
        () -> Optional.ofNullable(request("GET", "/api/studies/" + studyUid + "/report", null, -1)),
        "the report of " + studyUid);
    ReportValidator validator = new ReportValidator();
    Bundle bundle = validator.context().newJsonParser().parseResource(Bundle.class, json);
    assertEquals(List.of(), validator.errors(bundle));
    return bundle;
  }

  private static Observation finding(Bundle bundle) {
    List<Observation> findings = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(Observation.class::isInstance).map(Observation.class::cast)
        .filter(o -> FhirNames.FINDINGS.equals(o.getCode().getCodingFirstRep().getSystem())).toList();
    assertEquals(1, findings.size(), "one finding per head label");
    assertEquals("mass-effect", findings.get(0).getCode().getCodingFirstRep().getCode());
    return findings.get(0);
  }

  private boolean audited(AuditAction action, String detailPart) {
    return audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(action), 1000)).stream()
        .anyMatch(e -> e.entry().detail() != null && e.entry().detail().contains(detailPart));
  }

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  private static <T> T only(Bundle bundle, Class<T> type) {
    List<T> found = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), type.getSimpleName());
    return found.get(0);
  }

  /** The body when the status is {@code expected}; with expected −1, the body of a 200 or null for a 404. */
  private String request(String method, String path, String body, int expected) throws Exception {
    HttpCalls.Response response = new HttpCalls(httpPort).call(method, path, ADMIN, body);
    if (expected == -1 && response.status() == 404) {
      return null;
    }
    assertEquals(expected == -1 ? 200 : expected, response.status(), method + " " + path);
    return response.body();
  }
}
