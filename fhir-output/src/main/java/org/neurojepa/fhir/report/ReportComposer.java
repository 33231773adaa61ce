package org.neurojepa.fhir.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.neurojepa.fhir.report.internal.Codings;
import org.neurojepa.fhir.report.internal.ConditionalUrls;
import org.neurojepa.fhir.report.internal.ObservationFactory;

/**
 * Turns an {@link AnalysedStudy} into the FHIR R4 resources of its report.
 *
 * <p>R4 allows only Practitioner, PractitionerRole, Organization and CareTeam as a
 * DiagnosticReport's performer or resultsInterpreter, so the model (a Device) is linked as
 * {@code Observation.device}, and as the performing agent of the report's Provenance.
 *
 * <p>A report that replaces an earlier one carries the core {@code diagnosticReport-replaces}
 * extension and a Provenance entity with role {@code revision}, both as logical references (by
 * identifier) so that delivery never depends on the earlier report having reached the server.
 */
public final class ReportComposer {
  private ReportComposer() {}

  public static ReportResources compose(AnalysedStudy study) {
    String reportId = study.reportIdentifier();
    if (study.supersededReportIdentifier().filter(reportId::equals).isPresent()) {
      throw new IllegalArgumentException("report " + reportId + " cannot supersede itself");
    }
    List<ReportEntry> entries = new ArrayList<>();

    Patient patient = patient(study);
    String patientUrl = placeholder("Patient", study.patientIdentifierSystem() + "|" + study.patientId());
    entries.add(new ReportEntry(patientUrl, patient,
        ConditionalUrls.byIdentifier("Patient", study.patientIdentifierSystem(), study.patientId())));
    Reference subject = Codings.ref(patientUrl, null);

    ImagingStudy imaging = imagingStudy(study, subject);
    String studyOid = "urn:oid:" + study.studyInstanceUid();
    String imagingUrl = placeholder("ImagingStudy", studyOid);
    entries.add(new ReportEntry(imagingUrl, imaging,
        ConditionalUrls.byIdentifier("ImagingStudy", FhirNames.DICOM_UID, studyOid)));
    Reference imagingRef = Codings.ref(imagingUrl, "MR study " + study.studyInstanceUid());

    ModelVersion model = study.model();
    Device device = device(model);
    String deviceUrl = placeholder("Device", model.weightsSha256() + "|" + model.name() + "|" + model.version());
    entries.add(new ReportEntry(deviceUrl, device,
        ConditionalUrls.byIdentifier("Device", FhirNames.MODEL_IDENTIFIER, modelIdentifier(model))));
    Reference deviceRef = Codings.ref(deviceUrl, model.name() + " " + model.version());

    DiagnosticReport.DiagnosticReportStatus reportStatus = model.validated()
        ? DiagnosticReport.DiagnosticReportStatus.FINAL
        : DiagnosticReport.DiagnosticReportStatus.PRELIMINARY;
    Observation.ObservationStatus observationStatus = model.validated()
        ? Observation.ObservationStatus.FINAL
        : Observation.ObservationStatus.PRELIMINARY;
    DateTimeType effective = effective(study);
    Date issued = Date.from(study.issued());
    CodeableConcept method = Codings.technical("neuro-jepa-inference", "Neuro-JEPA model inference");
    method.setText("Neuro-JEPA inference, " + model.name() + " " + model.version());
    ObservationFactory observations = new ObservationFactory(
        reportId, observationStatus, subject, imagingRef, deviceRef, method, effective, issued);

    List<Observation> results = new ArrayList<>();
    study.findings().forEach(f -> results.add(observations.finding(f)));
    results.add(observations.sequencesUsed(study.usedSequences(), study.series()));
    study.usedSequences().forEach(u -> results.add(observations.registrationQc(u)));
    study.series().stream().filter(s -> s.rejectionReason().isPresent())
        .forEach(s -> results.add(observations.seriesRejected(s)));
    List<Reference> resultRefs = new ArrayList<>();
    for (Observation o : results) {
      String id = o.getIdentifierFirstRep().getValue();
      String url = placeholder("Observation", id);
      entries.add(new ReportEntry(url, o,
          ConditionalUrls.byIdentifier("Observation", FhirNames.OBSERVATION_IDENTIFIER, id)));
      resultRefs.add(Codings.ref(url, o.getCode().getText()));
    }

    DiagnosticReport report = new DiagnosticReport();
    report.addIdentifier(new Identifier().setSystem(FhirNames.REPORT_IDENTIFIER).setValue(reportId));
    study.supersededReportIdentifier().ifPresent(old ->
        report.addExtension(FhirNames.EXT_REPORT_REPLACES, reportByIdentifier(old)));
    report.setStatus(reportStatus);
    report.addCategory(Codings.concept(FhirNames.V2_0074, "RAD", "Radiology"));
    report.setCode(Codings.concept(FhirNames.LOINC, FhirNames.LOINC_MR_BRAIN, "MR Brain"));
    report.setSubject(subject.copy());
    report.setEffective(effective.copy());
    report.setIssued(issued);
    report.addImagingStudy(imagingRef.copy());
    resultRefs.forEach(r -> report.addResult(r.copy()));
    String conclusion = Conclusion.of(study);
    report.setConclusion(conclusion);
    report.setText(narrative(conclusion));
    String reportUrl = placeholder("DiagnosticReport", reportId);
    entries.add(new ReportEntry(reportUrl, report,
        ConditionalUrls.byIdentifier("DiagnosticReport", FhirNames.REPORT_IDENTIFIER, reportId)));

    Provenance provenance = new Provenance();
    provenance.addTarget(Codings.ref(reportUrl, "Neuro-JEPA report"));
    resultRefs.forEach(r -> provenance.addTarget(r.copy()));
    provenance.setRecorded(issued);
    provenance.setActivity(Codings.concept(FhirNames.DATA_OPERATION, "CREATE", "create"));
    provenance.addAgent()
        .setType(Codings.concept(FhirNames.PROVENANCE_PARTICIPANT, "performer", "Performer"))
        .setWho(deviceRef.copy());
    provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(imagingRef.copy());
    study.supersededReportIdentifier().ifPresent(old ->
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION).setWhat(reportByIdentifier(old)));
    // R4 Provenance has no identifier: it is found again through the report it targets.
    entries.add(new ReportEntry(placeholder("Provenance", reportId), provenance,
        ConditionalUrls.byToken("Provenance", "target:DiagnosticReport.identifier", FhirNames.REPORT_IDENTIFIER,
            reportId)));
    return new ReportResources(reportId, entries);
  }

  private static Reference reportByIdentifier(String identifierValue) {
    return new Reference()
        .setType("DiagnosticReport")
        .setIdentifier(new Identifier().setSystem(FhirNames.REPORT_IDENTIFIER).setValue(identifierValue))
        .setDisplay("earlier report " + identifierValue);
  }

  private static Patient patient(AnalysedStudy study) {
    Patient p = new Patient();
    p.addIdentifier(new Identifier().setSystem(study.patientIdentifierSystem()).setValue(study.patientId()));
    study.patientName().map(ReportComposer::humanName).ifPresent(p::addName);
    p.setGender(switch (study.patientSex()) {
      case MALE -> Enumerations.AdministrativeGender.MALE;
      case FEMALE -> Enumerations.AdministrativeGender.FEMALE;
      case OTHER -> Enumerations.AdministrativeGender.OTHER;
      case UNKNOWN -> Enumerations.AdministrativeGender.UNKNOWN;
    });
    study.patientBirthDate().ifPresent(d ->
        p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(d.getYear(), d.getMonthValue() - 1, d.getDayOfMonth())));
    return p;
  }

  /** DICOM PN: the alphabetic group, components Family^Given^Middle^Prefix^Suffix. */
  static HumanName humanName(String dicomName) {
    String alphabetic = dicomName.split("=", -1)[0];
    String[] parts = alphabetic.split("\\^", -1);
    HumanName name = new HumanName().setUse(HumanName.NameUse.OFFICIAL);
    if (parts.length > 0 && !parts[0].isBlank()) {
      name.setFamily(parts[0].trim());
    }
    for (int i = 1; i <= 2 && i < parts.length; i++) {
      if (!parts[i].isBlank()) {
        name.addGiven(parts[i].trim());
      }
    }
    if (parts.length > 3 && !parts[3].isBlank()) {
      name.addPrefix(parts[3].trim());
    }
    if (parts.length > 4 && !parts[4].isBlank()) {
      name.addSuffix(parts[4].trim());
    }
    // Readable order: prefix, given and middle names, family name, suffix.
    List<String> text = new ArrayList<>();
    name.getPrefix().forEach(p -> text.add(p.getValue()));
    name.getGiven().forEach(g -> text.add(g.getValue()));
    if (name.hasFamily()) {
      text.add(name.getFamily());
    }
    name.getSuffix().forEach(x -> text.add(x.getValue()));
    name.setText(String.join(" ", text));
    return name;
  }

  private static ImagingStudy imagingStudy(AnalysedStudy study, Reference subject) {
    ImagingStudy s = new ImagingStudy();
    s.addIdentifier(new Identifier().setSystem(FhirNames.DICOM_UID).setValue("urn:oid:" + study.studyInstanceUid()));
    study.accessionNumber().ifPresent(a -> s.addIdentifier(new Identifier()
        .setType(Codings.concept(FhirNames.V2_0203, "ACSN", "Accession ID"))
        .setValue(a)));
    s.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
    s.setSubject(subject.copy());
    s.setStartedElement(effective(study));
    s.setNumberOfSeries(study.series().size());
    s.setNumberOfInstances(study.series().stream().mapToInt(AnalysedSeries::instanceCount).sum());
    for (AnalysedSeries series : study.series()) {
      ImagingStudy.ImagingStudySeriesComponent c = s.addSeries();
      c.setUid(series.seriesInstanceUid());
      series.seriesNumber().ifPresent(c::setNumber);
      c.setModality(new org.hl7.fhir.r4.model.Coding(FhirNames.DICOM_DCM, series.modality(),
          "MR".equals(series.modality()) ? "Magnetic Resonance" : null));
      series.description().ifPresent(c::setDescription);
      c.setNumberOfInstances(series.instanceCount());
    }
    return s;
  }

  private static Device device(ModelVersion model) {
    Device d = new Device();
    d.addIdentifier(new Identifier().setSystem(FhirNames.MODEL_IDENTIFIER).setValue(modelIdentifier(model)));
    d.addIdentifier(new Identifier().setSystem(FhirNames.MODEL_WEIGHTS_IDENTIFIER).setValue(model.weightsSha256()));
    d.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    d.addDeviceName().setName(model.name()).setType(Device.DeviceNameType.MODELNAME);
    d.addVersion().setValue(model.version());
    d.setType(Codings.technical("ai-model", "Neuro-JEPA brain MRI model"));
    d.addNote().setText((model.weightsSha256().startsWith("untrained-")
        ? "Untrained weights (" + model.weightsSha256() + ")"
        : "Weights SHA-256 " + model.weightsSha256())
        + "; " + (model.validated() ? "validated for clinical use" : "not validated for clinical use") + ".");
    return d;
  }

  /** One Device per model name, version and weights: untrained seeds of two models must not meet. */
  static String modelIdentifier(ModelVersion model) {
    return model.name() + ":" + model.version() + ":" + model.weightsSha256();
  }

  private static DateTimeType effective(AnalysedStudy study) {
    DateTimeType t = new DateTimeType(Date.from(study.studyDateTime().toInstant()), TemporalPrecisionEnum.SECOND,
        TimeZone.getTimeZone(study.studyDateTime().getOffset()));
    return t;
  }

  private static Narrative narrative(String conclusion) {
    Narrative n = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
    n.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>"
        + conclusion.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p></div>");
    return n;
  }

  /** A stable placeholder so that the same study always yields the same Bundle. */
  private static String placeholder(String type, String key) {
    return "urn:uuid:" + UUID.nameUUIDFromBytes((type + "\n" + key).getBytes(StandardCharsets.UTF_8));
  }
}
