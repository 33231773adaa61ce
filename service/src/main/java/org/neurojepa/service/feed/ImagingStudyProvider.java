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
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/** The studies the reports are about, one per StudyInstanceUID (a re-opened series makes a new version). */
@Component
public final class ImagingStudyProvider extends FeedResourceProvider<ImagingStudy> {

  public ImagingStudyProvider(FeedStore store, FeedProperties properties) {
    super(ImagingStudy.class, store, properties);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam id,
      @OptionalParam(name = "identifier") TokenAndListParam identifier,
      @OptionalParam(name = "subject", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Patient.class)
          ReferenceAndListParam subject,
      @OptionalParam(name = "patient", chainWhitelist = {NOT_CHAINED, IDENTIFIER}, targetTypes = Patient.class)
          ReferenceAndListParam patient,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    return search(FeedQuery.of("ImagingStudy")
        .add("_id", id)
        .add("identifier", identifier)
        .add("subject", subject)
        .add("patient", patient), offset, count, sort);
  }
}
