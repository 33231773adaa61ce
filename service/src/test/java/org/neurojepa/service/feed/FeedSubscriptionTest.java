package org.neurojepa.service.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.AnalysedSeries;
import org.neurojepa.fhir.report.FhirNames;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.feed.subscription.NotifyStage;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.report.Reports;
import org.neurojepa.service.security.LocalUsers;
import org.neurojepa.service.security.Role;
import org.neurojepa.service.testing.Await;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.ServiceSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * R4 rest-hook Subscriptions on DiagnosticReport against the running service: created by an
 * admin with HAPI's generic client, notified through the job queue (one worker, short back-off,
 * three attempts) to subscriber endpoints this test serves on loopback. Reports are stored
 * through {@link Reports} as the report stage stores them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedSubscriptionTest {
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final String ADMIN_PASSWORD = "feed-subscription-admin-password";
  private static final String FEED_PASSWORD = "feed-subscription-feed-password";
  private static final String SUBSCRIBER_SECRET = "Bearer subscriber-secret-4711";

  @TempDir static Path dataDir;
  private static FeedClients clients;
  private static Subscriber subscriber;
  /** Subscriptions by letter, as created in order 2. */
  private static String a;
  private static String b;
  private static String c;
  private static String d;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ServiceSettings.node(dataDir).adminPassword(ADMIN_PASSWORD)
        .with("neurojepa.pipeline.workers", 1)
        .with("neurojepa.pipeline.poll", "100ms")
        .with("neurojepa.pipeline.initial-backoff", "300ms")
        .with("neurojepa.pipeline.max-backoff", "1s")
        .with("neurojepa.pipeline.max-attempts", 3)
        .register(registry);
  }

  @LocalServerPort int httpPort;
  @Autowired Reports reports;
  @Autowired LocalUsers users;
  @Autowired JobQueue jobs;
  @Autowired AuditTrail audit;
  private final Await await = Await.upTo(DEADLINE).every(Duration.ofMillis(100))
      .showing(() -> "jobs: " + jobs.list(Optional.empty(), Optional.empty(), 50));

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) {
      clients.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  private IGenericClient admin() throws Exception {
    if (clients == null) {
      clients = new FeedClients(httpPort);
      subscriber = new Subscriber();
      users.create("feeder", FEED_PASSWORD, Set.of(Role.FEED));
    }
    return clients.as("admin", ADMIN_PASSWORD);
  }

  @Test
  @Order(1)
  void aSubscriptionTheFeedCannotServeIsRefusedWithTheReason() throws Exception {
    IGenericClient admin = admin();
    String endpoint = "http://127.0.0.1:9/unused";
    assertRefused(admin, s -> s.setCriteria("Observation?code=x"), "criteria must be DiagnosticReport");
    assertRefused(admin, s -> s.setCriteria("DiagnosticReport?colour=blue"), "no search parameter 'colour'");
    assertRefused(admin, s -> s.setCriteria("DiagnosticReport?date=ap2025-01-01"), "ap");
    assertRefused(admin, s -> s.setCriteria("DiagnosticReport?patient.name=x"), "chain");
    assertRefused(admin, s -> s.setCriteria(null), "criteria is required");
    assertRefused(admin, s -> s.getChannel().setEndpoint(null), "channel.endpoint is required");
    assertRefused(admin, s -> s.getChannel().setEndpoint("ftp://127.0.0.1/x"), "http or https");
    assertRefused(admin, s -> s.getChannel().setEndpoint("http://user:secret@127.0.0.1/x"), "channel.header");
    assertRefused(admin, s -> s.getChannel().setType(Subscription.SubscriptionChannelType.WEBSOCKET), "rest-hook");
    assertRefused(admin, s -> s.getChannel().setPayload("application/fhir+xml"), "application/fhir+json");
    assertRefused(admin, s -> s.getChannel().addHeader("no colon here"), "Name: value");
    assertRefused(admin, s -> s.getChannel().addHeader("Content-Type: text/plain"), "set by the server");
    assertRefused(admin, s -> s.setStatus(null), "status is required");
    assertRefused(admin, s -> s.setStatus(Subscription.SubscriptionStatus.ERROR), "server's to set");

    // not even a Subscription: HAPI's parser refuses it with 400 and an OperationOutcome
    HttpCalls.Response notParsed = new HttpCalls(httpPort).call("POST", "/fhir/Subscription",
        HttpCalls.basic("admin", ADMIN_PASSWORD), "application/fhir+json",
        "{\"resourceType\":\"Subscription\",\"status\":\"sleeping\"");
    assertEquals(400, notParsed.status());
    assertTrue(notParsed.body().contains("OperationOutcome"));

    Subscription fine = subscription("DiagnosticReport", endpoint, false);
    assertThrows(ForbiddenOperationException.class,
        () -> clients.as("feeder", FEED_PASSWORD).create().resource(fine).execute(), "a FEED user reads only");
    assertThrows(AuthenticationException.class, () -> clients.anonymous().create().resource(fine).execute());
    assertEquals(0, admin.search().forResource(Subscription.class).returnBundle(Bundle.class).execute().getTotal(),
        "nothing was stored");
  }

  @Test
  @Order(2)
  void eachReportCreatedOrReplacedIsNotifiedOnceAfterTheSubscribersFirstFailure() throws Exception {
    IGenericClient admin = admin();
    String hookA = subscriber.endpoint("/a", n -> n == 1 ? 500 : 200);
    Subscription requested = subscription("DiagnosticReport?status=preliminary", hookA, true);
    requested.getChannel().addHeader("Authorization: " + SUBSCRIBER_SECRET);
    MethodOutcome created = admin.create().resource(requested).execute();
    assertTrue(created.getCreated());
    a = created.getId().getIdPart();
    Subscription stored = admin.read().resource(Subscription.class).withId(a).execute();
    assertEquals(Subscription.SubscriptionStatus.ACTIVE, stored.getStatus(), "requested becomes active");
    assertEquals(hookA, stored.getChannel().getEndpoint());
    assertEquals("1", stored.getMeta().getVersionId());
    b = create(admin, subscription("DiagnosticReport", subscriber.endpoint("/b", n -> 204), false));
    c = create(admin, subscription("DiagnosticReport?status=final", subscriber.endpoint("/c", n -> 200), true));
    d = create(admin, subscription("DiagnosticReport?patient.identifier=" + ComposedReports.PATIENT_SYSTEM
        + "|someone-else", subscriber.endpoint("/d", n -> 200), true));

    Reports.Stored first = ComposedReports.store(reports,
        ComposedReports.study("P1", "1.2.826.0.1.3680043.10.8.1", OffsetDateTime.of(2025, 5, 5, 9, 0, 0, 0, ZoneOffset.UTC), 1));
    String firstId = FeedIds.report(first.report().reportIdentifier());
    await.until(() -> successes("/a").size() == 1 && subscriber.received("/b").size() == 1, "the first notifications");

    List<Subscriber.Received> toA = subscriber.received("/a");
    assertEquals(2, toA.size(), "a failure, then the retry: " + toA);
    assertEquals(500, toA.get(0).answered());
    for (Subscriber.Received r : toA) {
      assertEquals("PUT", r.method(), "a payload is an update at <endpoint>/DiagnosticReport/<id>");
      assertEquals("/a/DiagnosticReport/" + firstId, r.path());
      assertEquals(SUBSCRIBER_SECRET, r.authorization(), "the Subscription's header");
      assertTrue(r.contentType().startsWith("application/fhir+json"), r.contentType());
      DiagnosticReport sent = clients.context().newJsonParser().parseResource(DiagnosticReport.class, r.body());
      assertEquals(firstId, sent.getIdElement().getIdPart());
      assertEquals(first.report().reportIdentifier(), sent.getIdentifierFirstRep().getValue());
      assertTrue(sent.getSubject().getReference().startsWith("Patient/"), "references point into the feed");
    }
    Subscriber.Received ping = subscriber.received("/b").get(0);
    assertEquals("POST", ping.method(), "no payload: an empty POST to the endpoint");
    assertEquals("/b", ping.path());
    assertEquals("", ping.body());
    assertNull(ping.authorization());
    Job retried = notifyJob(a, first.report().id()).orElseThrow();
    assertEquals("done", retried.state());
    assertEquals(2, retried.attempts(), "the job queue's retry");

    // the study's next report replaces the first; it is new and notified, the first is not again
    Reports.Stored second = ComposedReports.store(reports,
        ComposedReports.study("P1", "1.2.826.0.1.3680043.10.8.1", OffsetDateTime.of(2025, 5, 5, 9, 0, 0, 0, ZoneOffset.UTC), 1)
            .addSeries(AnalysedSeries.rejected("1.2.826.0.1.3680043.10.8.1.77", 77, "late", "MR", 1, "localizer/scout")));
    assertTrue(second.superseded().isPresent());
    String secondId = FeedIds.report(second.report().reportIdentifier());
    await.until(() -> successes("/a").size() == 2 && subscriber.received("/b").size() == 2,
        "the replacement's notifications");
    assertEquals(List.of("/a/DiagnosticReport/" + firstId, "/a/DiagnosticReport/" + secondId),
        successes("/a").stream().map(Subscriber.Received::path).toList(), "exactly one success per report");
    assertEquals(3, subscriber.received("/a").size());
    DiagnosticReport replacement = clients.context().newJsonParser()
        .parseResource(DiagnosticReport.class, successes("/a").get(1).body());
    assertEquals("DiagnosticReport/" + firstId,
        ((Reference) replacement.getExtensionByUrl(FhirNames.EXT_REPORT_REPLACES).getValue()).getReference());

    // criteria that the reports do not meet: no notification, not even a job
    assertEquals(List.of(), subscriber.received("/c"));
    assertEquals(List.of(), subscriber.received("/d"));
    assertEquals(Optional.empty(), notifyJob(c, first.report().id()));
    assertEquals(Optional.empty(), notifyJob(d, second.report().id()));

    audit.flush();
    List<AuditEntry> sent = entries(AuditAction.NOTIFICATION_SENT, "Subscription/" + a);
    List<AuditEntry> failed = entries(AuditAction.NOTIFICATION_FAILED, "Subscription/" + a);
    assertEquals(2, sent.size(), sent.toString());
    assertEquals(1, failed.size(), failed.toString());
    assertTrue(failed.get(0).detail().contains("-> 500") && failed.get(0).detail().contains("attempt 1 of 3"),
        failed.get(0).detail());
    assertTrue(sent.stream().allMatch(e -> e.studyUid().equals("1.2.826.0.1.3680043.10.8.1")
        && !e.detail().contains("subscriber-secret")), "no subscriber credentials in the trail: " + sent);
    assertEquals(4, entries(AuditAction.SUBSCRIPTION_CREATED, "").stream()
        .filter(e -> e.actor().equals("admin")).count());
  }

  @Test
  @Order(3)
  void aSubscriberThatKeepsFailingPutsTheSubscriptionInErrorUntilAskedAgain() throws Exception {
    IGenericClient admin = admin();
    String e = create(admin, subscription("DiagnosticReport", subscriber.endpoint("/e", n -> 503), false));
    Reports.Stored third = ComposedReports.store(reports,
        ComposedReports.study("P2", "1.2.826.0.1.3680043.10.8.2", OffsetDateTime.of(2025, 5, 6, 9, 0, 0, 0, ZoneOffset.UTC), 0));
    await.until(() -> notifyJob(e, third.report().id()).map(j -> j.state().equals("dead")).orElse(false),
        "the dead notification");
    assertEquals(3, subscriber.received("/e").size(), "the job queue's three attempts");
    assertEquals(3, notifyJob(e, third.report().id()).orElseThrow().attempts());
    Subscription failing = admin.read().resource(Subscription.class).withId(e).execute();
    assertEquals(Subscription.SubscriptionStatus.ERROR, failing.getStatus());
    assertTrue(failing.getError().contains("failed 3 times") && failing.getError().contains("503"), failing.getError());
    assertEquals("2", failing.getMeta().getVersionId());
    audit.flush();
    assertEquals(1, entries(AuditAction.SUBSCRIPTION_ERROR, "Subscription/" + e).size());
    assertEquals(3, entries(AuditAction.NOTIFICATION_FAILED, "Subscription/" + e).size());
    await.until(() -> successes("/a").size() == 3, "the other subscriber still gets its notification");

    // an error Subscription gets nothing; asked for again, with a working endpoint, it is active again
    Reports.Stored fourth = ComposedReports.store(reports,
        ComposedReports.study("P2", "1.2.826.0.1.3680043.10.8.3", OffsetDateTime.of(2025, 5, 7, 9, 0, 0, 0, ZoneOffset.UTC), 0));
    assertEquals(Optional.empty(), notifyJob(e, fourth.report().id()));
    String hookF = subscriber.endpoint("/f", n -> 200);
    failing.setStatus(Subscription.SubscriptionStatus.REQUESTED);
    failing.getChannel().setEndpoint(hookF);
    admin.update().resource(failing).execute();
    Subscription again = admin.read().resource(Subscription.class).withId(e).execute();
    assertEquals(Subscription.SubscriptionStatus.ACTIVE, again.getStatus());
    assertNull(again.getError());
    assertEquals("3", again.getMeta().getVersionId());
    Reports.Stored fifth = ComposedReports.store(reports,
        ComposedReports.study("P2", "1.2.826.0.1.3680043.10.8.4", OffsetDateTime.of(2025, 5, 8, 9, 0, 0, 0, ZoneOffset.UTC), 0));
    await.until(() -> subscriber.received("/f").size() == 1, "the notification after the error");
    assertEquals(Optional.empty(), notifyJob(e, fourth.report().id()), "what it missed is not sent later");
    assertEquals("done", notifyJob(e, fifth.report().id()).orElseThrow().state());
    // the other subscribers have had every report (five) before the next test counts
    await.until(() -> successes("/a").size() == 5 && subscriber.received("/b").size() == 5, "every notification");
  }

  @Test
  @Order(4)
  void offEndedAndDeletedSubscriptionsAreNotNotified() throws Exception {
    IGenericClient admin = admin();
    Subscription off = admin.read().resource(Subscription.class).withId(b).execute();
    off.setStatus(Subscription.SubscriptionStatus.OFF);
    admin.update().resource(off).execute();
    Subscription ended = subscription("DiagnosticReport", subscriber.endpoint("/g", n -> 200), false);
    ended.setEnd(Date.from(Instant.now().minusSeconds(3600)));
    String g = create(admin, ended);
    admin.delete().resourceById("Subscription", d).execute();
    assertThrows(ResourceNotFoundException.class, () -> admin.read().resource(Subscription.class).withId(d).execute());
    assertThrows(ResourceNotFoundException.class, () -> admin.delete().resourceById("Subscription", d).execute());
    Subscription unknown = subscription("DiagnosticReport", "http://127.0.0.1:9/x", false);
    unknown.setId("Subscription/never-created");
    assertThrows(ResourceNotFoundException.class, () -> admin.update().resource(unknown).execute(),
        "Subscriptions are created with POST");

    Reports.Stored sixth = ComposedReports.store(reports,
        ComposedReports.study("P3", "1.2.826.0.1.3680043.10.8.5", OffsetDateTime.of(2025, 5, 9, 9, 0, 0, 0, ZoneOffset.UTC), 0));
    String sixthPath = "/a/DiagnosticReport/" + FeedIds.report(sixth.report().reportIdentifier());
    await.until(() -> successes("/a").stream().anyMatch(r -> r.path().equals(sixthPath)),
        "the active subscriber's notification");
    assertEquals(6, successes("/a").size());
    assertEquals(5, subscriber.received("/b").size(), "no ping since it is off");
    assertEquals(Optional.empty(), notifyJob(b, sixth.report().id()), "off");
    assertEquals(Optional.empty(), notifyJob(g, sixth.report().id()), "ended");
    assertEquals(List.of(), subscriber.received("/g"));

    Set<String> active = admin.search().byUrl("Subscription?status=active").returnBundle(Bundle.class).execute()
        .getEntry().stream().map(en -> en.getResource().getIdElement().getIdPart()).collect(Collectors.toSet());
    assertTrue(active.contains(a) && !active.contains(b) && !active.contains(d), active.toString());
    assertEquals(1, admin.search().byUrl("Subscription?status=off").returnBundle(Bundle.class).execute().getTotal());
    Bundle page = admin.search().byUrl("Subscription?_count=2").returnBundle(Bundle.class).execute();
    assertEquals(5, page.getTotal(), "a, b, c, e and g; d is deleted");
    assertEquals(2, page.getEntry().size());
    assertEquals(1, admin.loadPage().next(admin.loadPage().next(page).execute()).execute().getEntry().size());
    assertThrows(InvalidRequestException.class, () -> admin.search().byUrl("Subscription?_sort=status")
        .returnBundle(Bundle.class).execute());
    audit.flush();
    assertEquals(1, entries(AuditAction.SUBSCRIPTION_DELETED, "Subscription/" + d).size());
  }

  private void assertRefused(IGenericClient admin, Consumer<Subscription> spoil, String reason) {
    Subscription s = subscription("DiagnosticReport", "http://127.0.0.1:9/unused", true);
    spoil.accept(s);
    UnprocessableEntityException e = assertThrows(UnprocessableEntityException.class,
        () -> admin.create().resource(s).execute());
    assertEquals(422, e.getStatusCode());
    OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
    assertNotNull(outcome, "an OperationOutcome says why");
    String text = outcome.getIssueFirstRep().getDiagnostics();
    assertTrue(text.contains(reason), "'" + reason + "' not in: " + text);
  }

  private static Subscription subscription(String criteria, String endpoint, boolean withPayload) {
    Subscription s = new Subscription();
    s.setStatus(Subscription.SubscriptionStatus.REQUESTED);
    s.setReason("test");
    s.setCriteria(criteria);
    s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint);
    if (withPayload) {
      s.getChannel().setPayload("application/fhir+json");
    }
    return s;
  }

  private static String create(IGenericClient admin, Subscription s) {
    return admin.create().resource(s).execute().getId().getIdPart();
  }

  private List<Subscriber.Received> successes(String path) {
    return subscriber.received(path).stream().filter(Subscriber.Received::succeeded).toList();
  }

  private Optional<Job> notifyJob(String subscriptionId, long reportId) {
    return jobs.list(Optional.empty(), Optional.of("Subscription/" + subscriptionId), 100).stream()
        .filter(j -> j.stage().equals(NotifyStage.NAME) && j.generation() == reportId).findFirst();
  }

  private List<AuditEntry> entries(AuditAction action, String detailPart) {
    return audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(action), 10_000)).stream()
        .map(AuditTrail.StoredEntry::entry).filter(e -> e.detail().contains(detailPart)).toList();
  }
}
