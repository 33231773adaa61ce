package org.neurojepa.service.feed;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.neurojepa.service.config.FeedProperties;

/**
 * Read, vread and search of one resource type of the feed. Each subclass declares its search
 * method with the parameters of {@link FeedSearchParameters} for its type (HAPI binds requests by
 * those annotations, and the CapabilityStatement lists them) and hands them to {@link #search}.
 */
public abstract class FeedResourceProvider<T extends Resource> implements IResourceProvider {
  /** The chains a reference parameter accepts: none, and the referenced resource's identifier. */
  protected static final String NOT_CHAINED = OptionalParam.ALLOW_CHAIN_NOTCHAINED;
  protected static final String IDENTIFIER = "identifier";

  private final Class<T> type;
  private final FeedStore store;
  private final FeedProperties properties;

  protected FeedResourceProvider(Class<T> type, FeedStore store, FeedProperties properties) {
    this.type = type;
    this.store = store;
    this.properties = properties;
  }

  @Override
  public final Class<T> getResourceType() {
    return type;
  }

  /** The current version, or with {@code _history/n} that version; an unknown one is a 404. */
  @Read(version = true)
  public final T read(@IdParam IdType id) {
    String resourceType = type.getSimpleName();
    Optional<StoredResource> found;
    if (id.hasVersionIdPart()) {
      if (!id.isVersionIdPartValidLong()) {
        throw new ResourceNotFoundException(id);
      }
      found = store.read(resourceType, id.getIdPart(), Math.toIntExact(id.getVersionIdPartAsLong()));
    } else {
      found = store.read(resourceType, id.getIdPart());
    }
    return found.map(s -> type.cast(store.resource(s))).orElseThrow(() -> new ResourceNotFoundException(id));
  }

  /**
   * One page of the query's results, {@code _count} per page (the configured default and maximum
   * apply), newest first; a {@code _sort} is refused rather than ignored.
   */
  protected final IBundleProvider search(FeedQuery query, Integer offset, Integer count, SortSpec sort) {
    SearchPage.noSort(sort);
    int from = SearchPage.offset(offset);
    int size = SearchPage.size(count, properties);
    int total = store.count(query);
    List<IBaseResource> page = store.search(query, from, size).stream()
        .map(s -> (IBaseResource) store.resource(s)).toList();
    return new SearchPage(page, total, from, size);
  }
}
