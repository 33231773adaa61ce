package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.Patient;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/** The patients of the reports, one per PatientID under the configured identifier system. */
@Component
public final class PatientProvider extends FeedResourceProvider<Patient> {

  public PatientProvider(FeedStore store, FeedProperties properties) {
    super(Patient.class, store, properties);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam id,
      @OptionalParam(name = "identifier") TokenAndListParam identifier,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    return search(FeedQuery.of("Patient")
        .add("_id", id)
        .add("identifier", identifier), offset, count, sort);
  }
}
