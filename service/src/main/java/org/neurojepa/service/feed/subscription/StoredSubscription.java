package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;

/**
 * A Subscription as stored: what the server acts on in fields, the resource as the client sent
 * it in {@code content}. The status and error are the server's, not the client's.
 *
 * @param payload the MIME type of the resource sent, or null for an empty notification (a ping)
 * @param headers {@code Name: value} lines sent with every notification
 * @param end when the server stops notifying, or null
 * @param error why the status is {@code error}, or null
 */
public record StoredSubscription(
    String id, int versionId, Instant lastUpdated, Subscription.SubscriptionStatus status, String criteria,
    String endpoint, String payload, List<String> headers, Instant end, String error, String content) {

  public StoredSubscription {
    headers = List.copyOf(headers);
  }

  /** Active and not past its end. */
  public boolean notifies(Instant now) {
    return status == Subscription.SubscriptionStatus.ACTIVE && (end == null || end.isAfter(now));
  }

  public Subscription toResource(FhirContext context) {
    Subscription s = context.newJsonParser().parseResource(Subscription.class, content);
    s.setIdElement(new IdType("Subscription", id, Integer.toString(versionId)));
    s.getMeta().setVersionId(Integer.toString(versionId)).setLastUpdated(Date.from(lastUpdated));
    s.setStatus(status);
    s.setError(error);
    return s;
  }
}
