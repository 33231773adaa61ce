package org.neurojepa.service.feed.subscription;

import ca.uhn.fhir.context.FhirContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The feed's Subscriptions in PostgreSQL; every change makes a new version. */
@Component
public final class Subscriptions {
  private final JdbcTemplate jdbc;
  private final FhirContext context;

  public Subscriptions(JdbcTemplate jdbc, FhirContext context) {
    this.jdbc = jdbc;
    this.context = context;
  }

  /** Stores a new Subscription under a new id. */
  public StoredSubscription create(SubscriptionRules.Accepted accepted, Subscription sent) {
    String id = UUID.randomUUID().toString();
    jdbc.update("INSERT INTO fhir_subscription (id, version_id, last_updated, status, criteria, endpoint, payload,"
            + " headers, end_at, error, content) VALUES (?,1,now(),?,?,?,?,?,?,NULL,?)",
        id, accepted.status().toCode(), accepted.criteria().text(), accepted.endpoint(), accepted.payload(),
        headers(accepted.headers()), timestamp(accepted.end()), content(sent));
    return find(id).orElseThrow();
  }

  /** Replaces a Subscription (a client turning it off, or asking again after an error); empty if unknown. */
  public Optional<StoredSubscription> update(String id, SubscriptionRules.Accepted accepted, Subscription sent) {
    int n = jdbc.update("UPDATE fhir_subscription SET version_id = version_id + 1, last_updated = now(), status = ?,"
            + " criteria = ?, endpoint = ?, payload = ?, headers = ?, end_at = ?, error = NULL, content = ? WHERE id = ?",
        accepted.status().toCode(), accepted.criteria().text(), accepted.endpoint(), accepted.payload(),
        headers(accepted.headers()), timestamp(accepted.end()), content(sent), id);
    return n == 0 ? Optional.empty() : find(id);
  }

  /**
   * Sets the status to error with the reason, as R4 has a server do when it cannot notify;
   * false if the Subscription is gone or no longer active.
   */
  public boolean error(String id, String reason) {
    return jdbc.update("UPDATE fhir_subscription SET version_id = version_id + 1, last_updated = now(),"
        + " status = 'error', error = ? WHERE id = ? AND status = 'active'", reason, id) == 1;
  }

  public boolean delete(String id) {
    return jdbc.update("DELETE FROM fhir_subscription WHERE id = ?", id) == 1;
  }

  public Optional<StoredSubscription> find(String id) {
    return jdbc.query("SELECT * FROM fhir_subscription WHERE id = ?", this::stored, id).stream().findFirst();
  }

  public List<StoredSubscription> all() {
    return jdbc.query("SELECT * FROM fhir_subscription ORDER BY last_updated DESC, id", this::stored);
  }

  /** The Subscriptions that notify now: active and not past their end. */
  public List<StoredSubscription> notifying() {
    return jdbc.query("SELECT * FROM fhir_subscription WHERE status = 'active' AND (end_at IS NULL OR end_at > now())"
        + " ORDER BY id", this::stored);
  }

  /** The resource as sent, without the server's id, meta, status and error. */
  private String content(Subscription sent) {
    Subscription copy = sent.copy();
    copy.setId((String) null);
    copy.setMeta(null);
    copy.setError(null);
    return context.newJsonParser().encodeResourceToString(copy);
  }

  /** PostgreSQL's driver binds a String[] as text[]. */
  private static String[] headers(List<String> headers) {
    return headers.toArray(String[]::new);
  }

  private static OffsetDateTime timestamp(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private StoredSubscription stored(ResultSet rs, int row) throws SQLException {
    Timestamp end = rs.getTimestamp("end_at");
    String[] headers = (String[]) rs.getArray("headers").getArray();
    return new StoredSubscription(rs.getString("id"), rs.getInt("version_id"), rs.getTimestamp("last_updated").toInstant(),
        Subscription.SubscriptionStatus.fromCode(rs.getString("status")), rs.getString("criteria"),
        rs.getString("endpoint"), rs.getString("payload"), Arrays.asList(headers), end == null ? null : end.toInstant(),
        rs.getString("error"), rs.getString("content"));
  }
}
