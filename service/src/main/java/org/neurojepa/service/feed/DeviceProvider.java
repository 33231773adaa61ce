package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import org.hl7.fhir.r4.model.Device;
import org.neurojepa.service.config.FeedProperties;
import org.springframework.stereotype.Component;

/** The models that made the reports, one per name, version and weights. */
@Component
public final class DeviceProvider extends FeedResourceProvider<Device> {

  public DeviceProvider(FeedStore store, FeedProperties properties) {
    super(Device.class, store, properties);
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam id,
      @OptionalParam(name = "identifier") TokenAndListParam identifier,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    return search(FeedQuery.of("Device")
        .add("_id", id)
        .add("identifier", identifier), offset, count, sort);
  }
}
