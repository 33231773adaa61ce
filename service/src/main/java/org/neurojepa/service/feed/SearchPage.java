package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;
import org.neurojepa.service.config.FeedProperties;

/**
 * One page of search results with the total. Naming its offset makes HAPI page by
 * {@code _offset}/{@code _count} links (the next page is a new query), so no search is held in
 * memory and any replica can answer any page.
 */
public final class SearchPage implements IBundleProvider {
  private final List<IBaseResource> resources;
  private final int total;
  private final int offset;
  private final int count;
  private final InstantType published = InstantType.now();

  public SearchPage(List<IBaseResource> resources, int total, int offset, int count) {
    this.resources = List.copyOf(resources);
    this.total = total;
    this.offset = offset;
    this.count = count;
  }

  /** HAPI would otherwise ignore a {@code _sort} the search cannot honour. */
  public static void noSort(SortSpec sort) {
    if (sort != null) {
      throw new InvalidRequestException("_sort is not supported; results come newest first");
    }
  }

  /** The request's {@code _offset}: 0 when absent; negative is a 400. */
  public static int offset(Integer requested) {
    int offset = requested == null ? 0 : requested;
    if (offset < 0) {
      throw new InvalidRequestException("_offset must not be negative");
    }
    return offset;
  }

  /** The page size for the request's {@code _count}: the default when absent, at most the maximum. */
  public static int size(Integer requested, FeedProperties properties) {
    return requested == null ? properties.defaultPageSize() : Math.max(0, Math.min(requested, properties.maxPageSize()));
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
