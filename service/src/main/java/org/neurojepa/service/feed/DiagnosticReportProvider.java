package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/** The reports: one DiagnosticReport per stored report, superseded ones included. */
@Component
public final class DiagnosticReportProvider extends FeedResourceProvider<DiagnosticReport> {

  public DiagnosticReportProvider(FeedStore store, FeedProperties properties) {
    super(DiagnosticReport.class, store, properties);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam id,
      @OptionalParam(name = "identifier") TokenAndListParam identifier,
      @OptionalParam(name = "status") TokenAndListParam status,
      @OptionalParam(name = "date") DateAndListParam date,
      @OptionalParam(name = "issued") DateAndListParam issued,
      @OptionalParam(name = "subject", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Patient.class)
          ReferenceAndListParam subject,
      @OptionalParam(name = "patient", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Patient.class)
          ReferenceAndListParam patient,
      @OptionalParam(name = "result", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Observation.class)
          ReferenceAndListParam result,
      @OptionalParam(name = FeedSearchParameters.IMAGING_STUDY, chainWhitelist = {NOT_CHAINED, IDENTIFIER},
          targetTypes = ImagingStudy.class) ReferenceAndListParam imagingStudy,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    return search(FeedQuery.of("DiagnosticReport")
        .add("_id", id)
        .add("identifier", identifier)
        .add("status", status)
        .add("date", date)
        .add("issued", issued)
        .add("subject", subject)
        .add("patient", patient)
        .add("result", result)
        .add(FeedSearchParameters.IMAGING_STUDY, imagingStudy), offset, count, sort);
  }
}
