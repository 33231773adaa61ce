package org.neurojepa.service.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.fhir.report.AnalysedSeries;
import org.neurojepa.fhir.report.AnalysedStudy;
import org.neurojepa.fhir.report.FhirNames;
import org.neurojepa.fhir.report.ReportComposer;
import org.neurojepa.service.report.Reports;
import org.neurojepa.service.security.LocalUsers;
import org.neurojepa.service.security.Role;
import org.neurojepa.service.testing.ServiceSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The feed's reads and searches against the running service and its PostgreSQL, with HAPI's
 * generic client as a FEED user. The reports are made by fhir-output's ReportComposer and stored
 * through {@link Reports} as the report stage stores them (no pipeline): three studies of two
 * patients, and a fourth report that supersedes the second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedSearchTest {
  private static final String ADMIN_PASSWORD = "feed-search-admin-password";
  private static final String FEED_PASSWORD = "feed-search-feed-password";
  private static final String SYSTEM = ComposedReports.PATIENT_SYSTEM;
  private static final String S1 = "1.2.826.0.1.3680043.10.7.1";
  private static final String S2 = "1.2.826.0.1.3680043.10.7.2";
  private static final String S3 = "1.2.826.0.1.3680043.10.7.3";

  @TempDir static Path dataDir;
  private static FeedClients clients;
  /** The reports in the order stored: A (P1, S1), B (P1, S2), C (P2, S3), D (S2 again, supersedes B). */
  private static final List<Reports.Stored> stored = new ArrayList<>();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ServiceSettings.node(dataDir).adminPassword(ADMIN_PASSWORD)
        .with("neurojepa.pipeline.workers", 0)
        .with("neurojepa.feed.default-page-size", 3)
        .with("neurojepa.feed.max-page-size", 10)
        .register(registry);
  }

  @LocalServerPort int httpPort;
  @Autowired Reports reports;
  @Autowired LocalUsers users;
  @Autowired JdbcTemplate jdbc;
  @Autowired FeedBackfill backfill;

  @AfterAll
  static void closeClients() throws Exception {
    if (clients != null) {
      clients.close();
    }
  }

  private IGenericClient feed() {
    if (clients == null) {
      clients = new FeedClients(httpPort);
      users.create("feeder", FEED_PASSWORD, Set.of(Role.FEED));
    }
    return clients.as("feeder", FEED_PASSWORD);
  }

  @Test
  @Order(1)
  void theCapabilityStatementListsExactlyWhatIsSupported() {
    CapabilityStatement cs = feed().capabilities().ofType(CapabilityStatement.class).execute();
    CapabilityStatement.CapabilityStatementRestComponent rest = cs.getRestFirstRep();
    assertEquals(Set.of("DiagnosticReport", "Observation", "Patient", "ImagingStudy", "Device", "Provenance",
        "Subscription"), rest.getResource().stream().map(r -> r.getType()).collect(Collectors.toSet()));
    for (CapabilityStatement.CapabilityStatementRestResourceComponent r : rest.getResource()) {
      Set<String> interactions = r.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
      Set<String> parameters = r.getSearchParam().stream().map(p -> p.getName()).collect(Collectors.toSet());
      assertTrue(r.getSearchInclude().isEmpty() && r.getSearchRevInclude().isEmpty(), r.getType() + ": no _include");
      if (r.getType().equals("Subscription")) {
        assertEquals(Set.of("create", "read", "update", "delete", "search-type"), interactions);
        assertEquals(Set.of("_id", "status"), parameters);
        continue;
      }
      assertEquals(Set.of("read", "vread", "search-type"), interactions, r.getType());
      Set<String> known = new HashSet<>(Set.of("_id"));
      FeedSearchParameters.of(r.getType()).forEach(p -> known.add(p.name()));
      assertEquals(known, parameters, r.getType() + ": the providers declare what the index holds");
    }
    CapabilityStatement.CapabilityStatementRestResourceComponent dr = rest.getResource().stream()
        .filter(r -> r.getType().equals("DiagnosticReport")).findFirst().orElseThrow();
    assertEquals(Set.of("_id", "identifier", "status", "date", "issued", "subject", "patient", "result",
        "imaging-study"), dr.getSearchParam().stream().map(p -> p.getName()).collect(Collectors.toSet()));
    assertEquals(FeedSearchParameters.IMAGING_STUDY_DEFINITION, dr.getSearchParam().stream()
        .filter(p -> p.getName().equals("imaging-study")).findFirst().orElseThrow().getDefinition());
    assertEquals("Basic", rest.getSecurity().getServiceFirstRep().getCodingFirstRep().getCode());
    assertEquals(1, rest.getSecurity().getService().size(), "no OIDC configured here");
  }

  @Test
  @Order(2)
  void theSamePatientAcrossStudiesIsOneResourceAndEveryReferencePointsIntoTheFeed() {
    stored.add(ComposedReports.store(reports, ComposedReports.study("P1", S1, at("2025-03-01T10:00:00Z"), 1)));
    stored.add(ComposedReports.store(reports, ComposedReports.study("P1", S2, at("2025-06-15T08:30:00Z"), 0)));
    stored.add(ComposedReports.store(reports, ComposedReports.study("P2", S3, at("2025-06-15T21:30:00Z"), 2)));
    IGenericClient feed = feed();

    Bundle patients = search("Patient?identifier=" + SYSTEM + "|P1");
    assertEquals(1, patients.getTotal());
    Patient p1 = (Patient) patients.getEntryFirstRep().getResource();
    assertEquals("1", p1.getMeta().getVersionId(), "the second study brought the same Patient");
    assertEquals(FeedIds.of("Patient", SYSTEM, "P1"), p1.getIdElement().getIdPart());
    assertEquals(2, search("Patient").getTotal());
    assertEquals(1, search("Device").getTotal(), "one model made all three");

    DiagnosticReport a = report(0);
    assertEquals("Patient/" + p1.getIdElement().getIdPart(), a.getSubject().getReference());
    assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, a.getStatus());
    assertEquals("1", a.getMeta().getVersionId());
    assertNotNull(a.getMeta().getLastUpdated());
    ImagingStudy s1 = feed.read().resource(ImagingStudy.class).withUrl(a.getImagingStudyFirstRep().getReference())
        .execute();
    assertEquals("urn:oid:" + S1, s1.getIdentifierFirstRep().getValue());
    assertEquals(a.getSubject().getReference(), s1.getSubject().getReference());
    assertEquals(3, a.getResult().size(), "sequences used, registration QC, one series not used");
    for (Reference result : a.getResult()) {
      Observation o = feed.read().resource(Observation.class).withUrl(result.getReference()).execute();
      assertEquals(a.getSubject().getReference(), o.getSubject().getReference());
      assertEquals(a.getImagingStudyFirstRep().getReference(), o.getDerivedFromFirstRep().getReference());
      Device device = feed.read().resource(Device.class).withUrl(o.getDevice().getReference()).execute();
      assertEquals("Neuro-JEPA tiny", device.getDeviceNameFirstRep().getName());
    }
    Bundle provenance = search("Provenance?target=DiagnosticReport/" + a.getIdElement().getIdPart());
    assertEquals(1, provenance.getTotal());
    Provenance prov = (Provenance) provenance.getEntryFirstRep().getResource();
    assertEquals(FeedIds.provenance(stored.get(0).report().reportIdentifier()), prov.getIdElement().getIdPart());
    assertEquals(4, prov.getTarget().size(), "the report and its three observations");
    assertTrue(prov.getAgentFirstRep().getWho().getReference().startsWith("Device/"));

    // nothing the feed serves still points at the Bundle's placeholders
    for (String type : FeedSearchParameters.RESOURCE_TYPES) {
      Bundle all = search(type + "?_count=100");
      assertTrue(all.getTotal() > 0, type);
      String json = clients.context().newJsonParser().encodeResourceToString(all);
      assertFalse(json.contains("urn:uuid:"), type + " still names a placeholder: " + json);
    }
  }

  @Test
  @Order(3)
  void reportsAreFoundByIdentifierStatusPatientAndStudy() {
    String a = reportId(0);
    String b = reportId(1);
    String c = reportId(2);
    String identifierA = encode(stored.get(0).report().reportIdentifier());
    assertEquals(Set.of(a), ids(search("DiagnosticReport?identifier=" + FhirNames.REPORT_IDENTIFIER + "|" + identifierA)));
    assertEquals(Set.of(a), ids(search("DiagnosticReport?identifier=" + identifierA)), "any system");
    assertEquals(Set.of(), ids(search("DiagnosticReport?identifier=urn:other|" + identifierA)));
    assertEquals(Set.of(), ids(search("DiagnosticReport?identifier=|" + identifierA)), "no system");
    assertEquals(Set.of(a, c), ids(search("DiagnosticReport?identifier=" + identifierA + ","
        + encode(stored.get(2).report().reportIdentifier()))), "either of two");
    assertEquals(Set.of(a, b, c), ids(search("DiagnosticReport?status=preliminary")));
    assertEquals(Set.of(a, b, c),
        ids(search("DiagnosticReport?status=http://hl7.org/fhir/diagnostic-report-status|preliminary")));
    assertEquals(Set.of(), ids(search("DiagnosticReport?status=final")));

    String p1 = "Patient/" + FeedIds.of("Patient", SYSTEM, "P1");
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?patient.identifier=" + SYSTEM + "|P1")));
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?subject:identifier=" + SYSTEM + "|P1")));
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?subject.identifier=P1")));
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?patient=" + p1)));
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?subject=" + p1.substring("Patient/".length()))));
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?subject:Patient=" + p1.substring("Patient/".length()))));
    assertEquals(Set.of(), ids(search("DiagnosticReport?patient.identifier=" + SYSTEM + "|P1&status=final")));
    assertEquals(Set.of(c), ids(search("DiagnosticReport?patient.identifier=" + SYSTEM + "|P2&status=preliminary")));

    assertEquals(Set.of(a), ids(search("DiagnosticReport?imaging-study.identifier=urn:dicom:uid|urn:oid:" + S1)));
    assertEquals(Set.of(a), ids(search("DiagnosticReport?imaging-study:identifier=urn:oid:" + S1)));
    String study3 = "ImagingStudy/" + FeedIds.of("ImagingStudy", FhirNames.DICOM_UID, "urn:oid:" + S3);
    assertEquals(Set.of(c), ids(search("DiagnosticReport?imaging-study=" + study3)));
    assertEquals(Set.of(a), ids(search("DiagnosticReport?_id=" + a)));
    assertEquals(Set.of(study3.substring("ImagingStudy/".length())),
        ids(search("ImagingStudy?identifier=urn:dicom:uid|urn:oid:" + S3)));
    assertEquals(Set.of(study3.substring("ImagingStudy/".length())),
        ids(search("ImagingStudy?identifier=ACC-none,urn:oid:" + S3)), "either of two");
    assertEquals(2, search("ImagingStudy?patient.identifier=" + SYSTEM + "|P1").getTotal());
    Device device = (Device) search("Device").getEntryFirstRep().getResource();
    assertEquals(1, search("Device?identifier=" + FhirNames.MODEL_IDENTIFIER + "|"
        + encode(device.getIdentifierFirstRep().getValue())).getTotal());
    assertEquals(3, search("Provenance?agent=Device/" + device.getIdElement().getIdPart()).getTotal());
    assertEquals(1, search("Provenance?target:DiagnosticReport.identifier=" + FhirNames.REPORT_IDENTIFIER + "|"
        + identifierA).getTotal());
    assertEquals(0, search("Provenance?target:Observation.identifier=" + FhirNames.REPORT_IDENTIFIER + "|"
        + identifierA).getTotal(), "the type restricts the chain");
  }

  @Test
  @Order(4)
  void reportsAreFoundByDateWithPrefixes() {
    String a = reportId(0);
    String b = reportId(1);
    String c = reportId(2);
    assertEquals(Set.of(a), ids(search("DiagnosticReport?date=2025-03-01T10:00:00Z")));
    assertEquals(Set.of(b, c), ids(search("DiagnosticReport?date=2025-06")), "the whole month");
    assertEquals(Set.of(b, c), ids(search("DiagnosticReport?date=ge2025-06-01T00:00:00Z")));
    assertEquals(Set.of(a), ids(search("DiagnosticReport?date=le2025-03-31T23:59:59Z")));
    assertEquals(Set.of(b), ids(search("DiagnosticReport?date=ge2025-06-15T00:00:00Z&date=le2025-06-15T12:00:00Z")));
    assertEquals(Set.of(b, c), ids(search("DiagnosticReport?date=gt2025-03-01T10:00:00Z")), "after, not at");
    assertEquals(Set.of(a, b, c), ids(search("DiagnosticReport?date=ge2025-03-01T10:00:00Z")), "at or after");
    assertEquals(Set.of(), ids(search("DiagnosticReport?date=lt2025-03-01T10:00:00Z")));
    assertEquals(Set.of(a, b), ids(search("DiagnosticReport?date=lt2025-06-15T21:30:00Z")));
    assertEquals(Set.of(c), ids(search("DiagnosticReport?date=sa2025-06-15T08:30:00Z")));
    assertEquals(Set.of(a), ids(search("DiagnosticReport?date=eb2025-06-01")));
    assertEquals(Set.of(b, c), ids(search("DiagnosticReport?date=ne2025-03-01T10:00:00Z")));
    assertEquals(Set.of(a), ids(search("DiagnosticReport?issued=le2025-03-01T11:00:00Z")), "issued an hour after the study");
    InvalidRequestException approximate = assertThrows(InvalidRequestException.class,
        () -> search("DiagnosticReport?date=ap2025-03-01"));
    assertTrue(outcome(approximate).contains("ap"), outcome(approximate));
  }

  @Test
  @Order(5)
  void observationsAreFoundByPatientCodeAndStudy() {
    String study3 = "ImagingStudy/" + FeedIds.of("ImagingStudy", FhirNames.DICOM_UID, "urn:oid:" + S3);
    String p2 = "Patient/" + FeedIds.of("Patient", SYSTEM, "P2");
    Set<String> ofC = report(2).getResult().stream().map(r -> r.getReferenceElement().getIdPart())
        .collect(Collectors.toSet());
    assertEquals(4, ofC.size(), "sequences used, registration QC, two series not used");
    assertEquals(ofC, ids(search("Observation?patient.identifier=" + SYSTEM + "|P2&_count=50")));
    assertEquals(ofC, ids(search("Observation?subject=" + p2 + "&_count=50")));
    assertEquals(ofC, ids(search("Observation?derived-from=" + study3 + "&_count=50")));
    assertEquals(ofC, ids(search("Observation?derived-from.identifier=urn:oid:" + S3 + "&_count=50")));
    Bundle rejected = search("Observation?patient=" + p2 + "&code=" + FhirNames.TECHNICAL + "|series-rejected");
    assertEquals(2, rejected.getTotal());
    assertEquals(1 + 0 + 2, search("Observation?code=" + FhirNames.TECHNICAL + "|series-rejected").getTotal());
    assertEquals(3, search("Observation?code=sequences-used").getTotal(), "one per report");
    assertEquals(0, search("Observation?code=http://loinc.org|sequences-used").getTotal());
    assertEquals(3, search("Observation?code=" + FhirNames.TECHNICAL + "|sequences-used&status=preliminary").getTotal());
  }

  @Test
  @Order(6)
  void countPagesWithNextAndPreviousLinks() {
    IGenericClient feed = feed();
    Bundle first = search("Observation?_count=4");
    int total = first.getTotal();
    assertEquals(3 + 2 + 4, total);
    assertNotNull(first.getLink(Bundle.LINK_NEXT), "a next page");
    assertNull(first.getLink(Bundle.LINK_PREV));
    List<String> seen = new ArrayList<>(ids(first));
    Bundle page = first;
    int pages = 1;
    while (page.getLink(Bundle.LINK_NEXT) != null) {
      page = feed.loadPage().next(page).execute();
      pages++;
      assertEquals(total, page.getTotal());
      assertNotNull(page.getLink(Bundle.LINK_PREV), "page " + pages + " links back");
      seen.addAll(ids(page));
    }
    assertEquals(3, pages);
    assertEquals(total, seen.size(), "every result once: " + seen);
    assertEquals(total, new HashSet<>(seen).size());
    Bundle back = feed.loadPage().previous(page).execute();
    assertEquals(4, back.getEntry().size());
    assertEquals(3, search("Observation").getEntry().size(), "neurojepa.feed.default-page-size");
    assertEquals(total, search("Observation?_count=0").getTotal(), "_count=0: the total only");
    assertEquals(0, search("Observation?_count=0").getEntry().size());
  }

  @Test
  @Order(7)
  void aSupersededReportStaysReadableAndItsSuccessorNamesIt() {
    IGenericClient feed = feed();
    String b = reportId(1);
    ImagingStudy before = feed.read().resource(ImagingStudy.class)
        .withId(FeedIds.of("ImagingStudy", FhirNames.DICOM_UID, "urn:oid:" + S2)).execute();
    assertEquals("1", before.getMeta().getVersionId());
    AnalysedStudy.Builder again = ComposedReports.study("P1", S2, at("2025-06-15T08:30:00Z"), 0)
        .addSeries(AnalysedSeries.rejected(S2 + ".95", 95, "late localizer", "MR", 2, "localizer/scout"));
    Reports.Stored d = ComposedReports.store(reports, again);
    stored.add(d);
    assertEquals(stored.get(1).report().reportIdentifier(), d.superseded().orElseThrow().reportIdentifier());

    DiagnosticReport earlier = feed.read().resource(DiagnosticReport.class).withId(b).execute();
    assertEquals(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, earlier.getStatus(),
        "the earlier report keeps its status, as fhir-output leaves it (R4 has no 'superseded')");
    assertEquals("1", earlier.getMeta().getVersionId());
    DiagnosticReport successor = report(3);
    Extension replaces = successor.getExtensionByUrl(FhirNames.EXT_REPORT_REPLACES);
    Reference replaced = (Reference) replaces.getValue();
    assertEquals("DiagnosticReport/" + b, replaced.getReference(), "the logical reference now points into the feed");
    assertEquals(stored.get(1).report().reportIdentifier(), replaced.getIdentifier().getValue(), "and keeps its identifier");
    Provenance revision = (Provenance) search("Provenance?entity=DiagnosticReport/" + b).getEntryFirstRep().getResource();
    assertEquals("DiagnosticReport/" + successor.getIdElement().getIdPart(), revision.getTargetFirstRep().getReference());
    assertEquals(Set.of(b, successor.getIdElement().getIdPart()),
        ids(search("DiagnosticReport?imaging-study.identifier=urn:oid:" + S2)), "both reports of the study");

    // the study gained a series: a new version of its ImagingStudy; the first stays readable
    ImagingStudy after = feed.read().resource(ImagingStudy.class).withId(before.getIdElement().getIdPart()).execute();
    assertEquals("2", after.getMeta().getVersionId());
    assertEquals(2, after.getNumberOfSeries());
    ImagingStudy first = feed.read().resource(ImagingStudy.class)
        .withIdAndVersion(before.getIdElement().getIdPart(), "1").execute();
    assertEquals(1, first.getNumberOfSeries());
    assertEquals("1", feed.read().resource(Patient.class).withId(FeedIds.of("Patient", SYSTEM, "P1")).execute()
        .getMeta().getVersionId(), "the Patient did not change");
  }

  @Test
  @Order(8)
  void aPatientWhoseDetailsChangeGetsANewVersion() {
    IGenericClient feed = feed();
    String id = FeedIds.of("Patient", SYSTEM, "P2");
    ComposedReports.store(reports, ComposedReports.study("P2", "1.2.826.0.1.3680043.10.7.4", at("2025-07-01T09:00:00Z"), 0)
        .patientName("Renamed^Patient"));
    Patient now = feed.read().resource(Patient.class).withId(id).execute();
    assertEquals("2", now.getMeta().getVersionId());
    assertEquals("Renamed", now.getNameFirstRep().getFamily());
    Patient then = feed.read().resource(Patient.class).withIdAndVersion(id, "1").execute();
    assertEquals("Test", then.getNameFirstRep().getFamily());
    assertEquals(1, search("Patient?identifier=" + SYSTEM + "|P2").getTotal(), "still one Patient");

    // 14 Observations now; a page never holds more than neurojepa.feed.max-page-size
    Bundle large = search("Observation?_count=5000");
    assertEquals(14, large.getTotal());
    assertEquals(10, large.getEntry().size());
    assertNotNull(large.getLink(Bundle.LINK_NEXT));
  }

  @Test
  @Order(9)
  void errorsAreOperationOutcomes() {
    IGenericClient feed = feed();
    ResourceNotFoundException unknown = assertThrows(ResourceNotFoundException.class,
        () -> feed.read().resource(DiagnosticReport.class).withId("no-such-report").execute());
    assertEquals(404, unknown.getStatusCode());
    assertNotNull(unknown.getOperationOutcome(), "a 404 carries an OperationOutcome");
    for (Class<? extends Resource> type : List.of(Observation.class, Patient.class, ImagingStudy.class, Device.class,
        Provenance.class)) {
      assertThrows(ResourceNotFoundException.class, () -> feed.read().resource(type).withId("nothing-here").execute());
    }
    assertThrows(ResourceNotFoundException.class,
        () -> feed.read().resource(DiagnosticReport.class).withIdAndVersion(reportId(0), "2").execute());

    assertEquals(400, assertThrows(InvalidRequestException.class,
        () -> search("DiagnosticReport?code=24590-2")).getStatusCode(), "not a parameter of the feed");
    assertThrows(InvalidRequestException.class, () -> search("DiagnosticReport?patient.name=Test"), "chain");
    InvalidRequestException modifier = assertThrows(InvalidRequestException.class,
        () -> search("DiagnosticReport?status:not=final"));
    assertTrue(outcome(modifier).contains("not"), outcome(modifier));
    assertThrows(InvalidRequestException.class, () -> search("DiagnosticReport?status:missing=true"));
    assertThrows(InvalidRequestException.class, () -> search("DiagnosticReport?_offset=-1"));
    assertThrows(InvalidRequestException.class, () -> search("DiagnosticReport?_sort=date"), "no sorting");
    assertThrows(InvalidRequestException.class, () -> search("DiagnosticReport?_include=DiagnosticReport:subject"));
    assertThrows(InvalidRequestException.class, () -> search("Patient?_revinclude=DiagnosticReport:subject"));

    assertThrows(AuthenticationException.class, () -> clients.anonymous().search().byUrl("DiagnosticReport")
        .returnBundle(Bundle.class).execute());
    assertThrows(AuthenticationException.class, () -> clients.as("feeder", "wrong-password-here").read()
        .resource(DiagnosticReport.class).withId(reportId(0)).execute());
    assertThrows(ForbiddenOperationException.class, () -> feed.search().forResource(Subscription.class)
        .returnBundle(Bundle.class).execute(), "Subscriptions are for ADMIN");
  }

  @Test
  @Order(10)
  void reportsStoredBeforeTheFeedExistedAreAddedAtStart() {
    String study = "1.2.826.0.1.3680043.10.7.9";
    AnalysedStudy s = ComposedReports.study("P9", study, at("2024-01-02T03:04:05Z"), 0).build();
    String json = clients.context().newJsonParser().encodeResourceToString(ReportComposer.compose(s).transaction());
    // as an earlier version of the service stored it: no listener, not indexed
    jdbc.update("INSERT INTO reports (study_uid, report_identifier, model_version, generation_set, bundle_json)"
        + " VALUES (?,?,?,?,?)", study, s.reportIdentifier(), "untrained-0", "x=1", json);
    assertEquals(0, search("DiagnosticReport?imaging-study.identifier=urn:oid:" + study).getTotal());
    assertEquals(1, backfill.run());
    assertEquals(0, backfill.run(), "once");
    Bundle found = search("DiagnosticReport?imaging-study.identifier=urn:oid:" + study);
    assertEquals(1, found.getTotal());
    assertEquals(FeedIds.report(s.reportIdentifier()), found.getEntryFirstRep().getResource().getIdElement().getIdPart());
    assertEquals(1, search("Patient?identifier=P9").getTotal());
  }

  @Test
  @Order(11)
  void tokensMayBeWrittenAsInTheFhirSpecificationWithABarePipe() throws Exception {
    // HAPI's client escapes '|'; curl and many FHIR examples do not, and Tomcat refuses it unless told
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), httpPort)) {
      String credentials = java.util.Base64.getEncoder()
          .encodeToString(("feeder:" + FEED_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().write(("GET /fhir/Patient?identifier=" + SYSTEM + "|P1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Basic " + credentials + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("\"total\":1"), response);
    }
    // XML on request
    Bundle xml = feed().search().byUrl("Patient?identifier=P1").returnBundle(Bundle.class)
        .encodedXml().execute();
    assertEquals(1, xml.getTotal());
  }

  private Bundle search(String url) {
    return feed().search().byUrl(url).returnBundle(Bundle.class).execute();
  }

  private DiagnosticReport report(int index) {
    return feed().read().resource(DiagnosticReport.class).withId(reportId(index)).execute();
  }

  private static String reportId(int index) {
    return FeedIds.report(stored.get(index).report().reportIdentifier());
  }

  private static Set<String> ids(Bundle bundle) {
    return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String outcome(BaseServerResponseException e) {
    OperationOutcome o = (OperationOutcome) e.getOperationOutcome();
    return o == null ? e.getMessage() : o.getIssueFirstRep().getDiagnostics();
  }

  /** Report identifiers hold spaces (the model's name). */
  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static OffsetDateTime at(String instant) {
    return OffsetDateTime.parse(instant).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
