package org.neurojepa.service.feed;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Every search parameter of the feed, with where its values come from. The names are R4's
 * (https://hl7.org/fhir/R4/searchparameter-registry.html) except {@code imaging-study}, which R4
 * does not define for DiagnosticReport. Reference parameters also take the chain
 * {@code .identifier} (and the modifier {@code :identifier}): the referenced resource's identifier.
 * Every resource type also has {@code _id}.
 */
public final class FeedSearchParameters {
  public static final String IMAGING_STUDY = "imaging-study";
  /** Where the CapabilityStatement says {@code imaging-study} is defined. */
  public static final String IMAGING_STUDY_DEFINITION =
      "https://neurojepa.org/fhir/SearchParameter/DiagnosticReport-imaging-study";

  // the open ends of a Period, within PostgreSQL's timestamptz range
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final String DIAGNOSTIC_REPORT_STATUS = "http://hl7.org/fhir/diagnostic-report-status";
  private static final String OBSERVATION_STATUS = "http://hl7.org/fhir/observation-status";

  private static final List<FeedSearchParameter> ALL = List.of(
      token(DiagnosticReport.class, "identifier", "An identifier for the report", r -> identifiers(r.getIdentifier())),
      token(DiagnosticReport.class, "status", "The status of the report",
          r -> r.hasStatus() ? List.of(IndexEntry.token(DIAGNOSTIC_REPORT_STATUS, r.getStatus().toCode())) : List.of()),
      date(DiagnosticReport.class, "date", "The clinically relevant time of the report (the study's date and time)",
          r -> dates(r.getEffective())),
      date(DiagnosticReport.class, "issued", "When the report was issued", r -> dates(r.getIssuedElement())),
      reference(DiagnosticReport.class, "subject", "The subject of the report", r -> references(List.of(r.getSubject()))),
      reference(DiagnosticReport.class, "patient", "The subject of the report if a patient",
          r -> patient(r.getSubject())),
      reference(DiagnosticReport.class, "result", "Link to an atomic result (an Observation)",
          r -> references(r.getResult())),
      reference(DiagnosticReport.class, IMAGING_STUDY,
          "The ImagingStudy the report is about (DiagnosticReport.imagingStudy; not an R4 parameter); by the"
              + " study's identifier: imaging-study.identifier=urn:dicom:uid|urn:oid:<StudyInstanceUID>",
          r -> references(r.getImagingStudy())),

      token(Observation.class, "identifier", "The unique id for a particular observation",
          o -> identifiers(o.getIdentifier())),
      token(Observation.class, "code", "The code of the observation type", o -> codes(o.getCode())),
      token(Observation.class, "status", "The status of the observation",
          o -> o.hasStatus() ? List.of(IndexEntry.token(OBSERVATION_STATUS, o.getStatus().toCode())) : List.of()),
      reference(Observation.class, "subject", "The subject that the observation is about",
          o -> references(List.of(o.getSubject()))),
      reference(Observation.class, "patient", "The subject that the observation is about (if patient)",
          o -> patient(o.getSubject())),
      reference(Observation.class, "derived-from", "Related measurements the observation is made from (the ImagingStudy)",
          o -> references(o.getDerivedFrom())),
      reference(Observation.class, "device", "The Device that generated the observation (the model)",
          o -> references(List.of(o.getDevice()))),

      token(Patient.class, "identifier", "A patient identifier", p -> identifiers(p.getIdentifier())),

      token(ImagingStudy.class, "identifier", "Identifiers for the study (urn:dicom:uid|urn:oid:<StudyInstanceUID>,"
          + " accession number)", s -> identifiers(s.getIdentifier())),
      reference(ImagingStudy.class, "subject", "Who the study is about", s -> references(List.of(s.getSubject()))),
      reference(ImagingStudy.class, "patient", "Who the study is about (if patient)", s -> patient(s.getSubject())),

      token(Device.class, "identifier", "Instance id from manufacturer, owner, and others (the model's identifiers)",
          d -> identifiers(d.getIdentifier())),

      reference(Provenance.class, "target", "Target Reference(s) (the report and its observations)",
          p -> references(p.getTarget())),
      reference(Provenance.class, "entity", "Identity of entity (the ImagingStudy; the report a revision replaces)",
          p -> references(p.getEntity().stream().map(Provenance.ProvenanceEntityComponent::getWhat).toList())),
      reference(Provenance.class, "agent", "Who participated (the model's Device)",
          p -> references(p.getAgent().stream().map(Provenance.ProvenanceAgentComponent::getWho).toList())));

  private FeedSearchParameters() {}

  /** The resource types the feed serves from its reports. */
  public static final List<String> RESOURCE_TYPES =
      List.of("DiagnosticReport", "Observation", "Patient", "ImagingStudy", "Device", "Provenance");

  public static List<FeedSearchParameter> of(String resourceType) {
    return ALL.stream().filter(p -> p.resourceType().equals(resourceType)).toList();
  }

  public static Optional<FeedSearchParameter> find(String resourceType, String name) {
    return ALL.stream().filter(p -> p.resourceType().equals(resourceType) && p.name().equals(name)).findFirst();
  }

  private static <T extends Resource> FeedSearchParameter token(Class<T> type, String name, String description,
      Function<T, List<IndexEntry>> values) {
    return parameter(type, name, FeedSearchParameter.Kind.TOKEN, description, values);
  }

  private static <T extends Resource> FeedSearchParameter reference(Class<T> type, String name, String description,
      Function<T, List<IndexEntry>> values) {
    return parameter(type, name, FeedSearchParameter.Kind.REFERENCE, description, values);
  }

  private static <T extends Resource> FeedSearchParameter date(Class<T> type, String name, String description,
      Function<T, List<IndexEntry>> values) {
    return parameter(type, name, FeedSearchParameter.Kind.DATE, description, values);
  }

  private static <T extends Resource> FeedSearchParameter parameter(Class<T> type, String name,
      FeedSearchParameter.Kind kind, String description, Function<T, List<IndexEntry>> values) {
    // the R4 model classes are named as their resource types
    return new FeedSearchParameter(type.getSimpleName(), name, kind, description, r -> values.apply(type.cast(r)));
  }

  private static List<IndexEntry> identifiers(List<Identifier> identifiers) {
    return identifiers.stream().filter(Identifier::hasValue)
        .map(i -> IndexEntry.token(i.getSystem(), i.getValue())).toList();
  }

  private static List<IndexEntry> codes(CodeableConcept concept) {
    return concept.getCoding().stream().filter(Coding::hasCode)
        .map(c -> IndexEntry.token(c.getSystem(), c.getCode())).toList();
  }

  /** Literal references to feed resources ({@code Type/id}); logical ones are not searchable. */
  private static List<IndexEntry> references(List<Reference> references) {
    List<IndexEntry> out = new ArrayList<>();
    for (Reference r : references) {
      String[] parts = r.hasReference() ? r.getReference().split("/") : new String[0];
      if (parts.length == 2) {
        out.add(IndexEntry.reference(parts[0], parts[1]));
      }
    }
    return out;
  }

  private static List<IndexEntry> patient(Reference subject) {
    return references(List.of(subject)).stream().filter(e -> e.refType().equals("Patient")).toList();
  }

  /** A date, dateTime or instant covers its whole precision (a day, a second …); a Period its start to end. */
  private static List<IndexEntry> dates(Type value) {
    if (value instanceof BaseDateTimeType t && t.getValue() != null) {
      return List.of(IndexEntry.date(t.getValue().toInstant(), end(t)));
    }
    if (value instanceof Period p && (p.hasStart() || p.hasEnd())) {
      Instant low = p.hasStart() ? p.getStart().toInstant() : EARLIEST;
      Instant high = p.hasEnd() ? end(p.getEndElement()) : LATEST;
      return List.of(IndexEntry.date(low, high));
    }
    return List.of();
  }

  private static Instant end(BaseDateTimeType t) {
    TemporalPrecisionEnum precision = t.getPrecision();
    return precision.add(t.getValue(), 1).toInstant().minusMillis(1);
  }
}
