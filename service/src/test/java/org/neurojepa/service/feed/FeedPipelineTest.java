package org.neurojepa.service.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.FhirNames;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.FhirProperties;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.report.DeliverStage;
import org.neurojepa.service.report.Reports;
import org.neurojepa.service.security.LocalUsers;
import org.neurojepa.service.security.Role;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.service.testing.TestScu;
import org.neurojepa.testkit.fixtures.FixtureGenerator;
import org.neurojepa.testkit.fixtures.GeneratedSeries;
import org.neurojepa.testkit.fixtures.GeneratedStudy;
import org.neurojepa.testkit.fixtures.SeriesKind;
import org.neurojepa.testkit.fixtures.SeriesSpec;
import org.neurojepa.testkit.fixtures.StudySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The feed end to end, once, with the tiny model: a subscriber registers a rest-hook, storescu
 * sends a T1w and a localizer, the pipeline reports, and the report is at /fhir with its
 * Patient, ImagingStudy, Device, Observations and Provenance, found by the study's patient,
 * date, status and StudyInstanceUID, and sent to the subscriber once (after its first answer,
 * a 500). A late instance re-opens the localizer: the replacing report is sent once, and the
 * earlier one stays readable.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedPipelineTest {
  private static final Duration PIPELINE_DEADLINE = Duration.ofMinutes(8);
  private static final String ADMIN_PASSWORD = "feed-pipeline-admin-password";
  private static final String FEED_PASSWORD = "feed-pipeline-feed-password";
  private static final String PATIENT_ID = "FEED-PAT-0001";
  private static final LocalDateTime STUDY_TIME = LocalDateTime.of(2025, 4, 3, 14, 5, 6);

  @TempDir static Path dataDir;
  @TempDir static Path scratch;
  private static FeedClients clients;
  private static Subscriber subscriber;
  private static GeneratedStudy study;
  private static String subscriptionId;
  private static Reports.StoredReport first;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ServiceSettings.pipeline(dataDir, ADMIN_PASSWORD)
        .with("neurojepa.pipeline.initial-backoff", "500ms")
        .with("neurojepa.pipeline.max-attempts", 3)
        .with("neurojepa.pipeline.poll", "100ms")
        .register(registry);
  }

  @LocalServerPort int httpPort;
  @Autowired DicomNodeLifecycle node;
  @Autowired Reports reports;
  @Autowired LocalUsers users;
  @Autowired JobQueue jobs;
  @Autowired AuditTrail audit;
  @Autowired FhirProperties fhir;
  private final Await await = Await.upTo(PIPELINE_DEADLINE)
      .showing(() -> "jobs: " + jobs.list(Optional.empty(), Optional.empty(), 50))
      .checking(() -> assertEquals(List.of(), jobs.list(Optional.of("dead"), Optional.empty(), 10), "no job may die"));

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  @Test
  @Order(1)
  void aReceivedStudysReportIsInTheFeedAndSentToTheSubscriberOnce() throws Exception {
    clients = new FeedClients(httpPort);
    subscriber = new Subscriber();
    users.create("ris", FEED_PASSWORD, Set.of(Role.FEED));
    IGenericClient admin = clients.as("admin", ADMIN_PASSWORD);
    Subscription s = new Subscription();
    s.setStatus(Subscription.SubscriptionStatus.REQUESTED).setReason("new MR brain reports for the RIS")
        .setCriteria("DiagnosticReport?patient.identifier=" + fhir.patientIdentifierSystem() + "|" + PATIENT_ID);
    s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
        .setEndpoint(subscriber.endpoint("/ris", n -> n == 1 ? 500 : 200))
        .setPayload("application/fhir+json").addHeader("Authorization: Bearer ris-token");
    subscriptionId = admin.create().resource(s).execute().getId().getIdPart();
    assertEquals(Subscription.SubscriptionStatus.ACTIVE,
        admin.read().resource(Subscription.class).withId(subscriptionId).execute().getStatus());

    study = FixtureGenerator.write(StudySpec.builder().patientId(PATIENT_ID).studyDateTime(STUDY_TIME)
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1).build())
        .series(SeriesSpec.builder().kind(SeriesKind.T1W).voxelSize(2, 2, 2).seriesNumber(2).build())
        .build(), scratch.resolve("study"));
    TestScu.send(node.port(), TestScu.files(study.series()), scratch);
    await.until(() -> reports.current(study.studyInstanceUid()).isPresent(), "the report");
    first = reports.current(study.studyInstanceUid()).orElseThrow();
    String reportId = FeedIds.report(first.reportIdentifier());
    await.until(() -> successes().size() == 1, "the notification");

    List<Subscriber.Received> received = subscriber.received("/ris");
    assertEquals(2, received.size(), "the first answer was a 500, the retry succeeded: " + received);
    assertEquals(500, received.get(0).answered());
    assertEquals("/ris/DiagnosticReport/" + reportId, successes().get(0).path());
    assertEquals("Bearer ris-token", successes().get(0).authorization());
    DiagnosticReport sent = clients.context().newJsonParser().parseResource(DiagnosticReport.class,
        successes().get(0).body());
    assertEquals(first.reportIdentifier(), sent.getIdentifierFirstRep().getValue());

    // what the subscriber got is what the feed serves, and every reference resolves in the feed
    IGenericClient ris = clients.as("ris", FEED_PASSWORD);
    DiagnosticReport report = ris.read().resource(DiagnosticReport.class).withId(reportId).execute();
    assertEquals(clients.context().newJsonParser().encodeResourceToString(sent),
        clients.context().newJsonParser().encodeResourceToString(report));
    assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, report.getStatus());
    Patient patient = ris.read().resource(Patient.class).withUrl(report.getSubject().getReference()).execute();
    assertEquals(PATIENT_ID, patient.getIdentifierFirstRep().getValue());
    assertEquals(fhir.patientIdentifierSystem(), patient.getIdentifierFirstRep().getSystem());
    ImagingStudy imaging = ris.read().resource(ImagingStudy.class)
        .withUrl(report.getImagingStudyFirstRep().getReference()).execute();
    assertEquals("urn:oid:" + study.studyInstanceUid(), imaging.getIdentifierFirstRep().getValue());
    assertEquals(2, imaging.getNumberOfSeries());
    for (Reference result : report.getResult()) {
      Observation o = ris.read().resource(Observation.class).withUrl(result.getReference()).execute();
      assertEquals(report.getSubject().getReference(), o.getSubject().getReference());
      Device model = ris.read().resource(Device.class).withUrl(o.getDevice().getReference()).execute();
      assertEquals("untrained-0", model.getVersionFirstRep().getValue());
    }
    Provenance provenance = (Provenance) search(ris, "Provenance?target=DiagnosticReport/" + reportId)
        .getEntryFirstRep().getResource();
    assertEquals(report.getImagingStudyFirstRep().getReference(), provenance.getEntityFirstRep().getWhat().getReference());

    String patientToken = fhir.patientIdentifierSystem() + "|" + PATIENT_ID;
    Set<String> only = Set.of(reportId);
    assertEquals(only, ids(search(ris, "DiagnosticReport?patient.identifier=" + patientToken)));
    assertEquals(only, ids(search(ris, "DiagnosticReport?subject:identifier=" + patientToken)));
    assertEquals(only, ids(search(ris, "DiagnosticReport?identifier=" + FhirNames.REPORT_IDENTIFIER + "|"
        + URLEncoder.encode(first.reportIdentifier(), StandardCharsets.UTF_8))));
    assertEquals(only, ids(search(ris, "DiagnosticReport?imaging-study.identifier=urn:dicom:uid|urn:oid:"
        + study.studyInstanceUid())));
    assertEquals(only, ids(search(ris, "DiagnosticReport?status=preliminary&date=ge2025-04-02T00:00:00Z"
        + "&date=le2025-04-04T23:59:59Z")), "the study's date, whatever the time zone");
    assertEquals(Set.of(), ids(search(ris, "DiagnosticReport?date=lt2025-04-02T00:00:00Z")));
    assertEquals(Set.of(), ids(search(ris, "DiagnosticReport?status=final")));
    Set<String> results = report.getResult().stream().map(r -> r.getReferenceElement().getIdPart())
        .collect(Collectors.toSet());
    assertEquals(results, ids(search(ris, "Observation?patient.identifier=" + patientToken + "&_count=50")));
    assertEquals(1, search(ris, "Observation?subject=" + report.getSubject().getReference()
        + "&code=" + FhirNames.TECHNICAL + "|series-rejected").getTotal(), "the localizer");

    Job notified = notification(first.id()).orElseThrow();
    assertEquals("done", notified.state());
    assertEquals(2, notified.attempts());
  }

  @Test
  @Order(2)
  void aReplacingReportIsSentOnceAndTheEarlierOneStaysReadable() throws Exception {
    GeneratedSeries localizer = study.series().get(0);
    GeneratedStudy late = FixtureGenerator.write(StudySpec.builder().patientId(PATIENT_ID).studyDateTime(STUDY_TIME)
        .studyInstanceUid(study.studyInstanceUid())
        .series(SeriesSpec.builder().kind(SeriesKind.LOCALIZER).seriesNumber(1)
            .seriesInstanceUid(localizer.groundTruth().identity().seriesInstanceUid()).build())
        .build(), scratch.resolve("late"));
    TestScu.send(node.port(), List.of(late.series().get(0).files().get(0)), scratch);
    await.until(() -> reports.current(study.studyInstanceUid()).map(r -> r.id() != first.id()).orElse(false),
        "the replacing report");
    Reports.StoredReport second = reports.current(study.studyInstanceUid()).orElseThrow();
    String firstId = FeedIds.report(first.reportIdentifier());
    String secondId = FeedIds.report(second.reportIdentifier());
    await.until(() -> successes().size() == 2, "the replacement's notification");
    assertEquals(List.of("/ris/DiagnosticReport/" + firstId, "/ris/DiagnosticReport/" + secondId),
        successes().stream().map(Subscriber.Received::path).toList(), "one success per report");
    assertEquals(3, subscriber.received("/ris").size(), "and no other request");
    assertEquals(1, notification(second.id()).orElseThrow().attempts());

    IGenericClient ris = clients.as("ris", FEED_PASSWORD);
    DiagnosticReport earlier = ris.read().resource(DiagnosticReport.class).withId(firstId).execute();
    assertEquals(first.reportIdentifier(), earlier.getIdentifierFirstRep().getValue());
    DiagnosticReport replacing = ris.read().resource(DiagnosticReport.class).withId(secondId).execute();
    assertEquals("DiagnosticReport/" + firstId,
        ((Reference) replacing.getExtensionByUrl(FhirNames.EXT_REPORT_REPLACES).getValue()).getReference());
    assertEquals(Set.of(firstId, secondId), ids(search(ris, "DiagnosticReport?imaging-study.identifier=urn:oid:"
        + study.studyInstanceUid())));
    ImagingStudy imaging = ris.read().resource(ImagingStudy.class).withUrl(replacing.getImagingStudyFirstRep()
        .getReference()).execute();
    assertEquals("2", imaging.getMeta().getVersionId(), "the localizer has one instance more");
    assertEquals(1, search(ris, "Patient?identifier=" + PATIENT_ID).getTotal());

    audit.flush();
    long sent = audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(AuditAction.NOTIFICATION_SENT), 1000)).stream()
        .filter(e -> e.entry().detail().contains("Subscription/" + subscriptionId)).count();
    assertEquals(2, sent);
    assertFalse(jobs.list(Optional.of("dead"), Optional.empty(), 50).stream()
        .anyMatch(j -> !j.stage().equals(DeliverStage.NAME)), "no job died");
  }

  @Test
  @Order(3)
  void theFeedAsksForCredentialsAndAnswersUnknownIdsWithAnOperationOutcome() {
    assertThrows(AuthenticationException.class, () -> clients.anonymous().read().resource(DiagnosticReport.class)
        .withId(FeedIds.report(first.reportIdentifier())).execute());
    assertThrows(AuthenticationException.class, () -> clients.anonymous().capabilities()
        .ofType(org.hl7.fhir.r4.model.CapabilityStatement.class).execute(), "/metadata too");
    IGenericClient ris = clients.as("ris", FEED_PASSWORD);
    ResourceNotFoundException unknown = assertThrows(ResourceNotFoundException.class,
        () -> ris.read().resource(Patient.class).withId("not-a-patient").execute());
    assertNotNull(unknown.getOperationOutcome());
    assertTrue(((OperationOutcome) unknown.getOperationOutcome()).getIssueFirstRep().getDiagnostics()
        .contains("not-a-patient"));
    Subscription s = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED)
        .setCriteria("DiagnosticReport");
    s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint("http://127.0.0.1:9/x");
    assertThrows(ForbiddenOperationException.class, () -> ris.create().resource(s).execute());
  }

  private List<Subscriber.Received> successes() {
    return subscriber.received("/ris").stream().filter(Subscriber.Received::succeeded).toList();
  }

  private Optional<Job> notification(long reportId) {
    return jobs.list(Optional.empty(), Optional.of("Subscription/" + subscriptionId), 50).stream()
        .filter(j -> j.generation() == reportId).findFirst();
  }

  private static Bundle search(IGenericClient client, String url) {
    return client.search().byUrl(url).returnBundle(Bundle.class).execute();
  }

  private static Set<String> ids(Bundle bundle) {
    return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).collect(Collectors.toSet());
  }
}
