package org.neurojepa.fhir.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.AnalysedStudy;
import org.neurojepa.fhir.report.FhirNames;
import org.neurojepa.fhir.report.ReportComposer;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.fhir.report.Studies;
import org.neurojepa.fhir.report.internal.ConditionalUrls;
import org.neurojepa.fhir.testserver.JpaServerProcess;
import org.neurojepa.fhir.testserver.TestCertificate;
import org.neurojepa.testkit.junit.FreePorts;

/**
 * Delivery to a real HAPI FHIR JPA server: idempotent transactions, a server that comes up late,
 * timeouts, refusals, supersession. One server serves the class; it is started by the first test,
 * which delivers while it is still down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FhirDeliveryTest {
  @TempDir
  static Path dir;
  private static final int PORT = FreePorts.loopback();
  private static final String TOKEN = "token-" + UUID.randomUUID();
  private static JpaServerProcess server;
  private static TestCertificate tls;

  private static synchronized JpaServerProcess server() {
    if (server == null) {
      tls = TestCertificate.create(dir, FreePorts.loopback());
      server = JpaServerProcess.start(dir, PORT, TOKEN, tls);
      System.out.printf("HAPI JPA server started in %.1f s%n", server.startSeconds());
    }
    return server;
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** The server is down at the first attempt and comes up before the second: delivered exactly once. */
  @Test
  @Order(1)
  void aServerThatIsDownThenUpGetsTheReportExactlyOnce() {
    assertNull(server, "this test must run before anything starts the server");
    ReportResources r = ReportComposer.compose(Studies.study(100,
        List.of(SequenceType.T1W, SequenceType.T2W), true, true, Studies.untrained()).build());
    List<String> failures = new ArrayList<>();
    try (FhirDelivery d = FhirDelivery.builder("http://127.0.0.1:" + PORT + "/fhir").bearerToken(TOKEN)
        .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).maxAttempts(3)
        .listener((id, attempt, reason, backoff) -> {
          failures.add(reason);
          server(); // the server comes up while the delivery waits to retry
        }).build()) {
      Delivered delivered = assertInstanceOf(Delivered.class, d.deliver(r));
      assertEquals(2, delivered.attempts());
      assertEquals(1, failures.size());
      assertTrue(failures.get(0).startsWith("cannot reach http://127.0.0.1:" + PORT), failures.get(0));
      assertTrue(failures.get(0).contains("Connect"), failures.get(0));
      assertTrue(delivered.entries().stream().allMatch(EntryResult::created), delivered.entries().toString());
    }
    assertStoredOnce(r);
  }

  private static FhirDelivery.Builder delivery() {
    return FhirDelivery.builder(server().baseUrl()).bearerToken(TOKEN)
        .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).maxAttempts(5);
  }

  private static List<Resource> byIdentifier(String type, String system, String value) {
    String url = ConditionalUrls.byIdentifier(type, system, value);
    return server().search(type, url.substring(url.indexOf('?') + 1));
  }

  /** Each resource of the report is on the server exactly once, found by its identifier. */
  private static void assertStoredOnce(ReportResources r) {
    assertEquals(1, byIdentifier("DiagnosticReport", FhirNames.REPORT_IDENTIFIER, r.reportIdentifier()).size());
    Identifier patient = r.patient().getIdentifierFirstRep();
    assertEquals(1, byIdentifier("Patient", patient.getSystem(), patient.getValue()).size());
    assertEquals(1, byIdentifier("ImagingStudy", "urn:dicom:uid",
        r.imagingStudy().getIdentifierFirstRep().getValue()).size());
    assertEquals(1, byIdentifier("Device", FhirNames.MODEL_IDENTIFIER,
        r.device().getIdentifierFirstRep().getValue()).size());
    for (Observation o : r.observations()) {
      assertEquals(1, byIdentifier("Observation", FhirNames.OBSERVATION_IDENTIFIER,
          o.getIdentifierFirstRep().getValue()).size(), o.getIdentifierFirstRep().getValue());
    }
    String reportId = stored(r).getIdElement().toUnqualifiedVersionless().getValue();
    assertEquals(1, server().search("Provenance", "target=" + reportId).size());
  }

  private static DiagnosticReport stored(ReportResources r) {
    return (DiagnosticReport) byIdentifier("DiagnosticReport", FhirNames.REPORT_IDENTIFIER, r.reportIdentifier())
        .get(0);
  }

  @Test
  void deliversReadsBackAndARepeatChangesNothing() {
    // A PatientID with every character FHIR search or a URL treats specially.
    ReportResources r = ReportComposer.compose(Studies.study(101,
        List.of(SequenceType.T1W, SequenceType.FLAIR), true, true, Studies.trained("1.0.101", false))
        .patient(Studies.PATIENT_SYSTEM, "Ø&B 1,2$3|x+y%20#?").build());
    try (FhirDelivery d = delivery().build()) {
      Delivered first = assertInstanceOf(Delivered.class, d.deliver(r));
      assertEquals(1, first.attempts());
      assertTrue(first.entries().stream().allMatch(EntryResult::created), first.entries().toString());
      assertEquals(r.entries().size(), first.entries().size());
      assertStoredOnce(r);

      DiagnosticReport report = stored(r);
      assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, report.getStatus());
      assertEquals(first.locationOf("ImagingStudy").replaceAll("/_history/.*", ""),
          report.getImagingStudyFirstRep().getReference());
      assertEquals(r.observations().size(), report.getResult().size());
      Observation finding = (Observation) server().client().read().resource(Observation.class)
          .withId(report.getResultFirstRep().getReferenceElement()).execute();
      assertEquals(first.locationOf("Device").replaceAll("/_history/.*", ""), finding.getDevice().getReference());
      Patient patient = (Patient) server().client().read().resource(Patient.class)
          .withId(report.getSubject().getReferenceElement()).execute();
      assertEquals("Doe", patient.getNameFirstRep().getFamily());
      assertEquals("Ø&B 1,2$3|x+y%20#?", patient.getIdentifierFirstRep().getValue());

      Delivered again = assertInstanceOf(Delivered.class, d.deliver(r));
      assertTrue(again.wasRepeat(), again.entries().toString());
      assertEquals(first.locationOf("DiagnosticReport").replaceAll("/_history/.*", ""),
          again.locationOf("DiagnosticReport").replaceAll("/_history/.*", ""));
      assertStoredOnce(r);
    }
  }

  @Test
  void aRetryAfterATimeoutCreatesNoDuplicate() {
    ReportResources r = ReportComposer.compose(Studies.study(102,
        List.of(SequenceType.T1W), false, true, Studies.untrained()).build());
    List<String> failures = new ArrayList<>();
    server().stallNextTransaction();
    // The server holds the first answer until the retry arrives, however long that takes: the read
    // timeout only has to exceed the time a transaction normally takes, even on a loaded machine.
    try (FhirDelivery d = delivery().readTimeout(Duration.ofSeconds(10))
        .listener((id, attempt, reason, backoff) -> failures.add(reason)).build()) {
      Delivered delivered = assertInstanceOf(Delivered.class, d.deliver(r));
      assertTrue(delivered.attempts() >= 2, failures.toString());
      assertTrue(failures.get(0).contains("Timeout"), failures.toString());
      assertTrue(delivered.wasRepeat(), "the first, timed-out attempt had committed: " + delivered.entries());
    }
    assertStoredOnce(r);
  }

  @Test
  void aWrongBearerTokenIsADeadLetterWithTheOperationOutcome() {
    ReportResources r = ReportComposer.compose(Studies.study(103,
        List.of(SequenceType.T2W), false, false, Studies.untrained()).build());
    try (FhirDelivery d = FhirDelivery.builder(server().baseUrl()).bearerToken("not-the-token").build()) {
      DeadLetter dead = assertInstanceOf(DeadLetter.class, d.deliver(r));
      assertEquals(DeadLetter.Cause.REFUSED, dead.cause());
      assertEquals(1, dead.attempts());
      assertTrue(dead.reason().startsWith("HTTP 401"), dead.reason());
      assertTrue(dead.reason().contains("OperationOutcome") && dead.reason().contains("Missing or invalid bearer token"),
          dead.reason());
      assertFalse(dead.retryable());
      assertTrue(dead.bundleJson().contains(r.reportIdentifier()));
    }
    assertEquals(0, byIdentifier("DiagnosticReport", FhirNames.REPORT_IDENTIFIER, r.reportIdentifier()).size());
  }

  /** Two Patients already share the PatientID: the server cannot pick one and refuses the whole transaction. */
  @Test
  void aTransactionTheServerRefusesIsADeadLetterAndLeavesNothing() {
    AnalysedStudy study = Studies.study(104, List.of(SequenceType.T1W), false, true, Studies.untrained()).build();
    for (int i = 0; i < 2; i++) {
      Patient p = new Patient();
      p.addIdentifier().setSystem(study.patientIdentifierSystem()).setValue(study.patientId());
      server().client().create().resource(p).execute();
    }
    ReportResources r = ReportComposer.compose(study);
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FhirDelivery.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (FhirDelivery d = delivery().build()) {
      DeadLetter dead = assertInstanceOf(DeadLetter.class, d.deliver(r));
      assertEquals(DeadLetter.Cause.REFUSED, dead.cause());
      assertEquals(1, dead.attempts(), "a 4xx is not retried");
      assertTrue(dead.reason().matches("HTTP 4\\d\\d: OperationOutcome: .*"), dead.reason());
      assertTrue(dead.reason().contains("Patient?identifier="), dead.reason());
      assertTrue(dead.reason().contains(study.patientId()), "the server's text quotes the PatientID: " + dead.reason());
    } finally {
      logger.detachAppender(logged);
    }
    // that text stays with the dead letter: the log says the status only
    assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("FHIR-002")), logged.list.toString());
    for (var e : logged.list) {
      assertFalse(e.getFormattedMessage().contains(study.patientId()), e.getFormattedMessage());
    }
    assertEquals(0, byIdentifier("DiagnosticReport", FhirNames.REPORT_IDENTIFIER, r.reportIdentifier()).size());
    assertEquals(0, byIdentifier("ImagingStudy", "urn:dicom:uid", "urn:oid:" + study.studyInstanceUid()).size());
  }

  @Test
  void aSupersedingReportPointsAtTheEarlierOne() {
    ReportResources v1 = ReportComposer.compose(Studies.study(105,
        List.of(SequenceType.T1W), false, true, Studies.trained("1.0.0", false)).build());
    ReportResources v2 = ReportComposer.compose(Studies.study(105,
        List.of(SequenceType.T1W), false, true, Studies.trained("1.1.0", true)).supersedes(v1.reportIdentifier())
        .build());
    try (FhirDelivery d = delivery().build()) {
      assertInstanceOf(Delivered.class, d.deliver(v1));
      assertInstanceOf(Delivered.class, d.deliver(v2));
    }
    assertStoredOnce(v1);
    assertStoredOnce(v2);
    DiagnosticReport old = stored(v1);
    DiagnosticReport current = stored(v2);
    assertEquals(old.getSubject().getReference(), current.getSubject().getReference(), "same Patient");
    assertEquals(old.getImagingStudyFirstRep().getReference(), current.getImagingStudyFirstRep().getReference());
    assertEquals(DiagnosticReport.DiagnosticReportStatus.FINAL, current.getStatus());
    Reference replaces = (Reference) current.getExtensionByUrl(FhirNames.EXT_REPORT_REPLACES).getValue();
    assertEquals(v1.reportIdentifier(), replaces.getIdentifier().getValue());
    assertFalse(old.hasExtension(FhirNames.EXT_REPORT_REPLACES));
    Provenance provenance = (Provenance) server().search("Provenance",
        "target=" + current.getIdElement().toUnqualifiedVersionless().getValue()).get(0);
    assertTrue(provenance.getEntity().stream().anyMatch(e -> e.getRole() == Provenance.ProvenanceEntityRole.REVISION
        && v1.reportIdentifier().equals(e.getWhat().getIdentifier().getValue())), "revision entity");
    assertEquals(2, server().search("DiagnosticReport", "subject=" + old.getSubject().getReference()).size());
  }

  /** TLS needs nothing but an https URL and the server's certificate in the JVM's trust store. */
  @Test
  void httpsTrustsWhatTheJvmTrustStoreTrusts() {
    server();
    ReportResources r = ReportComposer.compose(Studies.study(106,
        List.of(SequenceType.T1W), false, true, Studies.untrained()).build());
    String https = "https://127.0.0.1:" + tls.port() + "/fhir";
    try (FhirDelivery d = FhirDelivery.builder(https).bearerToken(TOKEN).maxAttempts(1).build()) {
      DeadLetter dead = assertInstanceOf(DeadLetter.class, d.deliver(r));
      assertEquals(DeadLetter.Cause.EXHAUSTED, dead.cause());
      assertTrue(dead.reason().contains("SSL") || dead.reason().contains("certification path"), dead.reason());
    }
    String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
    String[] before = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      before[i] = System.getProperty(keys[i]);
    }
    System.setProperty(keys[0], tls.truststore().toString());
    System.setProperty(keys[1], tls.password());
    System.setProperty(keys[2], "PKCS12");
    try (FhirDelivery d = FhirDelivery.builder(https).bearerToken(TOKEN).maxAttempts(1).build()) {
      Delivered delivered = assertInstanceOf(Delivered.class, d.deliver(r));
      assertTrue(delivered.entries().stream().anyMatch(EntryResult::created));
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (before[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], before[i]);
        }
      }
    }
    assertStoredOnce(r);
  }
}
