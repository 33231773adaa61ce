package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of search results with the total. Naming its offset makes HAPI page by
 * {@code _offset}/{@code _count} links (the next page is a new query), so no search is held in
 * memory and any replica can answer any page.
 */
final class SearchPage implements IBundleProvider {
  private final List<IBaseResource> resources;
  private final int total;
  private final int offset;
  private final int count;
  private final InstantType published = InstantType.now();

  SearchPage(List<IBaseResource> resources, int total, int offset, int count) {
    this.resources = List.copyOf(resources);
    this.total = total;
    this.offset = offset;
    this.count = count;
  }

  @Override
  public IPrimitiveType<Date> getPublished() {
    return published;
  }

  /** The page itself: with an offset set, HAPI asks for the whole list it was given. */
  @Override
  public List<IBaseResource> getResources(int fromIndex, int toIndex) {
    return resources.subList(Math.min(fromIndex, resources.size()), Math.min(toIndex, resources.size()));
  }

  @Override
  public Integer getCurrentPageOffset() {
    return offset;
  }

  @Override
  public Integer getCurrentPageSize() {
    return count;
  }

  @Override
  public String getUuid() {
    return null;
  }

  @Override
  public Integer preferredPageSize() {
    return count;
  }

  @Override
  public Integer size() {
    return total;
  }
}
