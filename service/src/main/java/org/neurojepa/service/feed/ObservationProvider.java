package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/** The reports' results: findings, and the technical ones (sequences used, registration QC, series not used). */
@Component
public final class ObservationProvider extends FeedResourceProvider<Observation> {

  public ObservationProvider(FeedStore store, FeedProperties properties) {
    super(Observation.class, store, properties);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam id,
      @OptionalParam(name = "identifier") TokenAndListParam identifier,
      @OptionalParam(name = "code") TokenAndListParam code,
      @OptionalParam(name = "status") TokenAndListParam status,
      @OptionalParam(name = "subject", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Patient.class)
          ReferenceAndListParam subject,
      @OptionalParam(name = "patient", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Patient.class)
          ReferenceAndListParam patient,
      @OptionalParam(name = "derived-from", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = ImagingStudy.class)
          ReferenceAndListParam derivedFrom,
      @OptionalParam(name = "device", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Device.class)
          ReferenceAndListParam device,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    return search(FeedQuery.of("Observation")
        .add("_id", id)
        .add("identifier", identifier)
        .add("code", code)
        .add("status", status)
        .add("subject", subject)
        .add("patient", patient)
        .add("derived-from", derivedFrom)
        .add("device", device), offset, count, sort);
  }
}
