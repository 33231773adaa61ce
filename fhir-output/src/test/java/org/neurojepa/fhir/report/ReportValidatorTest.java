package org.neurojepa.fhir.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every resource of every kind of report, and the transaction Bundle, validate against base R4 with no errors. */
class ReportValidatorTest {
  private static ReportValidator validator;
  private static ProxySelector previous;
  /** Every URL anything in this JVM tried to open through java.net while validating. */
  private static final List<URI> NETWORK_ATTEMPTS = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void buildValidatorOnce() {
    previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        NETWORK_ATTEMPTS.add(uri);
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    });
    validator = new ReportValidator();
  }

  @AfterAll
  static void restore() {
    ProxySelector.setDefault(previous);
    assertEquals(List.of(), NETWORK_ATTEMPTS, "the validator must not touch the network");
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("one sequence, untrained", Studies.study(1, List.of(SequenceType.T1W), false, true,
            Studies.untrained()).build()),
        Arguments.of("two sequences, rejected series", Studies.study(2,
            List.of(SequenceType.T1W, SequenceType.FLAIR), true, true, Studies.trained("1.0.0", false)).build()),
        Arguments.of("three sequences, validated", Studies.study(3,
            List.of(SequenceType.T1W, SequenceType.T2W, SequenceType.FLAIR), true, true,
            Studies.trained("1.0.0", true)).build()),
        Arguments.of("no findings model", Studies.study(4, List.of(SequenceType.T2W), true, false,
            Studies.untrained()).build()),
        Arguments.of("nothing usable", Studies.study(5, List.of(), true, false, Studies.untrained()).build()),
        Arguments.of("superseding, minimal patient", Studies.study(6, List.of(SequenceType.FLAIR), false, true,
                Studies.trained("1.1.0", false))
            .patientName(null).patientSex(PatientSex.UNKNOWN).patientBirthDate(null).accessionNumber(null)
            .supersedes("1.2.826.0.1.3680043.10.999.6:neuro-jepa-base-1.0.0:0123456789abcdef").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyResourceAndTheBundleValidate(String kind, AnalysedStudy study) {
    ReportResources resources = ReportComposer.compose(study);
    List<String> errors = new ArrayList<>();
    for (ReportEntry e : resources.entries()) {
      validator.errors(e.resource()).forEach(i -> errors.add(e.resource().fhirType() + ": " + i));
    }
    Bundle bundle = resources.transaction();
    validator.errors(bundle).forEach(i -> errors.add("Bundle: " + i));
    assertEquals(List.of(), errors, kind);
    // Warnings and information remain (external code systems are not known offline); print them for review.
    validator.validate(bundle).forEach(i -> System.out.println(kind + " | " + i));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void contentFollowsTheStudy(String kind, AnalysedStudy study) {
    ReportResources r = ReportComposer.compose(study);
    DiagnosticReport report = r.report();
    assertEquals(study.model().validated() ? DiagnosticReport.DiagnosticReportStatus.FINAL
        : DiagnosticReport.DiagnosticReportStatus.PRELIMINARY, report.getStatus());
    assertEquals("RAD", report.getCategoryFirstRep().getCodingFirstRep().getCode());
    assertEquals("24590-2", report.getCode().getCodingFirstRep().getCode());
    assertEquals(study.reportIdentifier(), report.getIdentifierFirstRep().getValue());
    assertEquals("urn:oid:" + study.studyInstanceUid(), r.imagingStudy().getIdentifierFirstRep().getValue());
    assertEquals("urn:dicom:uid", r.imagingStudy().getIdentifierFirstRep().getSystem());
    assertEquals(study.series().size(), r.imagingStudy().getSeries().size());
    assertEquals(study.model().weightsSha256(), r.device().getIdentifier().stream()
        .filter(i -> i.getSystem().equals(FhirNames.MODEL_WEIGHTS_IDENTIFIER)).findFirst().orElseThrow().getValue());
    assertEquals(study.model().version(), r.device().getVersionFirstRep().getValue());
    long rejected = study.series().stream().filter(s -> s.rejectionReason().isPresent()).count();
    assertEquals(study.findings().size() + 1 + study.usedSequences().size() + rejected, r.observations().size());
    assertEquals(r.observations().size(), report.getResult().size());
    assertEquals(1 + r.observations().size(), r.provenance().getTarget().size());
    for (Observation o : r.observations()) {
      assertEquals(r.imagingStudy(), resolve(r, o.getDerivedFromFirstRep()));
      assertEquals(r.device(), resolve(r, o.getDevice()));
    }
    assertEquals(r.device(), resolve(r, r.provenance().getAgentFirstRep().getWho()));
    assertEquals(r.imagingStudy(), resolve(r, r.provenance().getEntityFirstRep().getWhat()));
    if (study.hasFindingsModel()) {
      assertFalse(report.getConclusion().contains("No findings model"), report.getConclusion());
    } else {
      assertTrue(report.getConclusion().contains("No findings model is installed"), report.getConclusion());
    }
    assertEquals(study.supersededReportIdentifier().isPresent(),
        report.hasExtension(FhirNames.EXT_REPORT_REPLACES));
  }

  @Test
  void findingsCarryProbabilityInterpretationAndOperatingPoint() {
    AnalysedStudy study = Studies.study(7, List.of(SequenceType.T1W), false, true, Studies.untrained()).build();
    List<Observation> findings = ReportComposer.compose(study).observations().stream()
        .filter(o -> FhirNames.FINDINGS.equals(o.getCode().getCodingFirstRep().getSystem())).toList();
    assertEquals(3, findings.size());
    assertEquals(List.of("H", "N", "H"),
        findings.stream().map(o -> o.getInterpretationFirstRep().getCodingFirstRep().getCode()).toList(),
        "0.8123 >= 0.5 is high, 0.1042 < 0.35 normal, 0.35 >= 0.35 high");
    var q = findings.get(0).getValueQuantity();
    assertEquals(0, q.getValue().compareTo(new java.math.BigDecimal("0.8123")));
    assertEquals("1", q.getUnit());
    assertEquals("http://unitsofmeasure.org", q.getSystem());
    assertEquals("1", q.getCode());
  }

  @Test
  void theSameStudyAlwaysYieldsTheSameBundle() {
    AnalysedStudy a = Studies.study(8, List.of(SequenceType.T1W), true, true, Studies.untrained()).build();
    AnalysedStudy b = Studies.study(8, List.of(SequenceType.T1W), true, true, Studies.untrained()).build();
    var parser = validator.context().newJsonParser();
    assertEquals(parser.encodeResourceToString(ReportComposer.compose(a).transaction()),
        parser.encodeResourceToString(ReportComposer.compose(b).transaction()));
  }

  @Test
  void aReopenedSeriesOrANewModelChangesTheReportIdentifier() {
    AnalysedStudy base = Studies.study(9, List.of(SequenceType.T1W), false, true, Studies.trained("1.0.0", false))
        .build();
    AnalysedStudy newModel = Studies.study(9, List.of(SequenceType.T1W), false, true,
        Studies.trained("1.1.0", false)).build();
    AnalysedStudy reopened = Studies.study(9, List.of(SequenceType.T1W), false, true,
        Studies.trained("1.0.0", false))
        .addSeries(AnalysedSeries.rejected("1.2.826.0.1.3680043.10.999.9.77", 77, "late", "MR", 1, "localizer/scout"))
        .build();
    assertFalse(base.reportIdentifier().equals(newModel.reportIdentifier()));
    assertFalse(base.reportIdentifier().equals(reopened.reportIdentifier()));
    assertTrue(base.reportIdentifier().startsWith(base.studyInstanceUid() + ":neuro-jepa-base-1.0.0:"));
  }

  /** Shows why the model is not the report's performer: R4 refuses a Device there. */
  @Test
  void aDeviceAsPerformerIsRefusedByR4() {
    ReportResources r = ReportComposer.compose(
        Studies.study(10, List.of(SequenceType.T1W), false, true, Studies.untrained()).build());
    Bundle bundle = r.transaction();
    String deviceUrl = bundle.getEntry().stream().filter(e -> e.getResource().fhirType().equals("Device"))
        .findFirst().orElseThrow().getFullUrl();
    DiagnosticReport report = (DiagnosticReport) bundle.getEntry().stream()
        .filter(e -> e.getResource() instanceof DiagnosticReport).findFirst().orElseThrow().getResource();
    report.addPerformer(new Reference(deviceUrl));
    List<ValidationIssue> errors = validator.errors(bundle);
    assertTrue(errors.stream().anyMatch(i -> i.location().contains("performer")), errors.toString());
  }

  @Test
  void aMisspeltProjectCodeIsAnError() {
    ReportResources r = ReportComposer.compose(
        Studies.study(11, List.of(SequenceType.T1W), false, true, Studies.untrained()).build());
    Observation o = r.observations().get(0).copy();
    o.setCode(new CodeableConcept().addCoding(new Coding(FhirNames.FINDINGS, "atrofy", "Atrophy")));
    List<ValidationIssue> errors = validator.errors(o);
    assertTrue(errors.stream().anyMatch(i -> i.message().contains("atrofy")), errors.toString());
  }

  @Test
  void badInputIsRefusedWithAClearReason() {
    var e1 = assertThrows(IllegalArgumentException.class, () -> Studies.study(12, List.of(SequenceType.T1W), false,
        true, Studies.untrained()).patient(Studies.PATIENT_SYSTEM, " ").build());
    assertTrue(e1.getMessage().contains("PatientID"), e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> Studies.study(12, List.of(), false, false,
        Studies.untrained()).study("1.2.3.04", java.time.OffsetDateTime.now()).build());
    assertTrue(e2.getMessage().contains("not a DICOM UID"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class,
        () -> new ModelVersion("m", "1", "not-a-hash", false));
    assertTrue(e3.getMessage().contains("64 lower-case hex"), e3.getMessage());
    var e4 = assertThrows(IllegalArgumentException.class,
        () -> new Finding(ProjectCodeSystems.finding("cyst"), 1.2, 0.5));
    assertTrue(e4.getMessage().contains("[0, 1]"), e4.getMessage());
    var e5 = assertThrows(IllegalArgumentException.class, () -> Studies.study(12, List.of(SequenceType.T1W), false,
        true, Studies.untrained()).addFinding(new Finding(ProjectCodeSystems.finding("atrophy"), 0.2, 0.5)).build());
    assertTrue(e5.getMessage().contains("listed twice"), e5.getMessage());
    var e6 = assertThrows(IllegalArgumentException.class, () -> Studies.study(12, List.of(), true, false,
        Studies.untrained()).addUsedSequence(new UsedSequence(SequenceType.T1W, "1.2.826.0.1.3680043.10.999.12.90",
        0.5, 20, 0.9)).build());
    assertTrue(e6.getMessage().contains("rejected: localizer/scout"), e6.getMessage());
    var e7 = assertThrows(IllegalArgumentException.class, () -> ProjectCodeSystems.finding("atrofy"));
    assertTrue(e7.getMessage().contains("unknown finding code"), e7.getMessage());
    AnalysedStudy s = Studies.study(12, List.of(SequenceType.T1W), false, true, Studies.untrained()).build();
    var e8 = assertThrows(IllegalArgumentException.class, () -> ReportComposer.compose(
        Studies.study(12, List.of(SequenceType.T1W), false, true, Studies.untrained())
            .supersedes(s.reportIdentifier()).build()));
    assertTrue(e8.getMessage().contains("supersede itself"), e8.getMessage());
  }

  /** A delivery that validates first sends nothing invalid: the report becomes an INVALID dead letter. */
  @Test
  void anInvalidReportIsNotSent() {
    ReportResources r = ReportComposer.compose(
        Studies.study(13, List.of(SequenceType.T1W), false, true, Studies.untrained()).build());
    r.report().setStatus(null);
    // Nothing listens on this port: an attempt to send would show as EXHAUSTED, not INVALID.
    int port = org.neurojepa.testkit.junit.FreePorts.loopback();
    try (var d = org.neurojepa.fhir.delivery.FhirDelivery.builder("http://127.0.0.1:" + port + "/fhir")
        .maxAttempts(1).validateWith(validator).build()) {
      var dead = org.junit.jupiter.api.Assertions.assertInstanceOf(
          org.neurojepa.fhir.delivery.DeadLetter.class, d.deliver(r));
      assertEquals(org.neurojepa.fhir.delivery.DeadLetter.Cause.INVALID, dead.cause());
      assertEquals(0, dead.attempts());
      assertTrue(dead.reason().contains("DiagnosticReport.status"), dead.reason());
    }
  }

  private static IBaseResource resolve(ReportResources r, Reference ref) {
    return r.entries().stream().filter(e -> e.fullUrl().equals(ref.getReference())).findFirst().orElseThrow()
        .resource();
  }
}
