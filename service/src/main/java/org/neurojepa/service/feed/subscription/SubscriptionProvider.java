package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.FeedProperties;
import org.neurojepa.service.feed.SearchPage;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Subscriptions at /fhir/Subscription: create, read, search, update (to turn one off, or to ask
 * again after an error) and delete, ADMIN only (SecurityConfiguration). A Subscription the feed
 * cannot serve is refused with 422 and an OperationOutcome naming the reason.
 */
@Component
public final class SubscriptionProvider implements IResourceProvider {
  private final Subscriptions subscriptions;
  private final FhirContext context;
  private final AuditTrail audit;
  private final FeedProperties properties;

  public SubscriptionProvider(Subscriptions subscriptions, FhirContext context, AuditTrail audit,
      FeedProperties properties) {
    this.subscriptions = subscriptions;
    this.context = context;
    this.audit = audit;
    this.properties = properties;
  }

  @Override
  public Class<Subscription> getResourceType() {
    return Subscription.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Subscription subscription) {
    StoredSubscription stored = subscriptions.create(check(subscription), subscription);
    record(AuditAction.SUBSCRIPTION_CREATED, stored);
    return outcome(stored).setCreated(true);
  }

  @Read
  public Subscription read(@IdParam IdType id) {
    return subscriptions.find(id.getIdPart()).map(s -> s.toResource(context))
        .orElseThrow(() -> new ResourceNotFoundException(id));
  }

  @Update
  public MethodOutcome update(@IdParam IdType id, @ResourceParam Subscription subscription) {
    SubscriptionRules.Accepted accepted = check(subscription);
    StoredSubscription stored = subscriptions.update(id.getIdPart(), accepted, subscription)
        .orElseThrow(() -> new ResourceNotFoundException("Subscription/" + id.getIdPart()
            + " is not known; create Subscriptions with POST"));
    record(AuditAction.SUBSCRIPTION_UPDATED, stored);
    return outcome(stored);
  }

  @Delete
  public MethodOutcome delete(@IdParam IdType id) {
    if (!subscriptions.delete(id.getIdPart())) {
      throw new ResourceNotFoundException(id);
    }
    audit.record(AuditEntry.of(actor(), AuditAction.SUBSCRIPTION_DELETED, "success")
        .withDetail("Subscription/" + id.getIdPart()));
    return new MethodOutcome();
  }

  /** All Subscriptions, or those with the given ids or statuses, newest first; paged as the feed's searches. */
  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam ids,
      @OptionalParam(name = "status") TokenAndListParam statuses,
      @Offset Integer offset,
      @Count Integer count,
      @Sort SortSpec sort) {
    SearchPage.noSort(sort);
    Predicate<StoredSubscription> id = all(ids, (s, t) -> s.id().equals(t.getValue()));
    Predicate<StoredSubscription> status = all(statuses, (s, t) -> s.status().toCode().equals(t.getValue()));
    // a handful of rows: filtered here rather than in SQL
    List<IBaseResource> found = subscriptions.all().stream().filter(id.and(status))
        .map(s -> (IBaseResource) s.toResource(context)).toList();
    int from = SearchPage.offset(offset);
    int size = SearchPage.size(count, properties);
    List<IBaseResource> page = found.subList(Math.min(from, found.size()), Math.min(from + size, found.size()));
    return new SearchPage(page, found.size(), from, size);
  }

  private SubscriptionRules.Accepted check(Subscription subscription) {
    try {
      return SubscriptionRules.check(subscription, context);
    } catch (IllegalArgumentException e) {
      throw new UnprocessableEntityException("Subscription refused: " + e.getMessage());
    }
  }

  private MethodOutcome outcome(StoredSubscription stored) {
    Subscription resource = stored.toResource(context);
    return new MethodOutcome(resource.getIdElement()).setResource(resource);
  }

  private void record(AuditAction action, StoredSubscription s) {
    audit.record(AuditEntry.of(actor(), action, "success").withDetail("Subscription/" + s.id() + " version "
        + s.versionId() + ": " + s.status().toCode() + ", criteria " + s.criteria() + ", rest-hook " + s.endpoint()
        + (s.payload() == null ? " (ping)" : " (" + s.payload() + ")")));
  }

  private static String actor() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null ? "anonymous" : auth.getName();
  }

  /** Every AND element has an OR value that {@code test} accepts; no parameter accepts all. */
  private static Predicate<StoredSubscription> all(TokenAndListParam and,
      java.util.function.BiPredicate<StoredSubscription, TokenParam> test) {
    if (and == null) {
      return s -> true;
    }
    return s -> {
      for (IQueryParameterOr<?> or : and.getValuesAsQueryTokens()) {
        boolean any = false;
        for (IQueryParameterType t : or.getValuesAsQueryTokens()) {
          any |= test.test(s, (TokenParam) t);
        }
        if (!any) {
          return false;
        }
      }
      return true;
    };
  }
}
