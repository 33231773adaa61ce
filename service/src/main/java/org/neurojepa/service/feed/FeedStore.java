package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The feed's resources in PostgreSQL: every version, and the search index of the current ones.
 * A resource gets a new version only when a report brings it with other content (a re-opened
 * series changes the ImagingStudy; the same Patient in the next study leaves it as it was).
 */
@Component
public final class FeedStore {
  private static final String COLUMNS = "r.resource_type, r.id, r.version_id, r.last_updated, r.report_id, r.content";

  private final JdbcTemplate jdbc;
  private final FhirContext context;

  public FeedStore(JdbcTemplate jdbc, FhirContext context) {
    this.jdbc = jdbc;
    this.context = context;
  }

  /**
   * Writes the resources a report brings, in the caller's transaction: a new current version of
   * each one whose content differs from its current version, with its search index. Writers of
   * one resource are serialised by an advisory lock on it, taken in a fixed order so that two
   * reports that share resources (the same patient, the same model) cannot deadlock.
   *
   * @return the versions written
   */
  public List<StoredResource> write(long reportId, List<FeedResource> resources) {
    List<FeedResource> ordered = resources.stream()
        .sorted(Comparator.comparing(FeedResource::resourceType).thenComparing(FeedResource::id)).toList();
    for (FeedResource r : ordered) {
      jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?))", (rs, row) -> null,
          "fhir:" + r.resourceType() + "/" + r.id());
    }
    List<StoredResource> written = new ArrayList<>();
    for (FeedResource r : resources) {
      String content = context.newJsonParser().encodeResourceToString(r.resource());
      Optional<StoredResource> current = read(r.resourceType(), r.id());
      if (current.isPresent() && current.get().content().equals(content)) {
        continue;
      }
      int version = current.map(c -> c.versionId() + 1).orElse(1);
      jdbc.update("UPDATE fhir_resource SET current = false WHERE resource_type = ? AND id = ? AND current",
          r.resourceType(), r.id());
      StoredResource stored = jdbc.queryForObject("INSERT INTO fhir_resource AS r (resource_type, id, version_id,"
              + " last_updated, report_id, content, current) VALUES (?,?,?,now(),?,?,true) RETURNING " + COLUMNS,
          FeedStore::stored, r.resourceType(), r.id(), version, reportId, content);
      index(r);
      written.add(stored);
    }
    return written;
  }

  private void index(FeedResource r) {
    jdbc.update("DELETE FROM fhir_search WHERE resource_type = ? AND id = ?", r.resourceType(), r.id());
    List<Object[]> rows = new ArrayList<>();
    for (FeedSearchParameter p : FeedSearchParameters.of(r.resourceType())) {
      for (IndexEntry e : p.values().apply(r.resource())) {
        rows.add(new Object[] {r.resourceType(), r.id(), p.name(), e.tokenSystem(), e.tokenValue(), e.refType(),
            e.refId(), timestamp(e.dateLow()), timestamp(e.dateHigh())});
      }
    }
    if (!rows.isEmpty()) {
      jdbc.batchUpdate("INSERT INTO fhir_search (resource_type, id, param, token_system, token_value, ref_type, ref_id,"
          + " date_low, date_high) VALUES (?,?,?,?,?,?,?,?,?)", rows);
    }
  }

  public boolean exists(String typeAndId) {
    String[] parts = typeAndId.split("/", 2);
    return parts.length == 2 && read(parts[0], parts[1]).isPresent();
  }

  /** The current version. */
  public Optional<StoredResource> read(String resourceType, String id) {
    return jdbc.query("SELECT " + COLUMNS + " FROM fhir_resource r WHERE r.resource_type = ? AND r.id = ? AND r.current",
        FeedStore::stored, resourceType, id).stream().findFirst();
  }

  public Optional<StoredResource> read(String resourceType, String id, int versionId) {
    return jdbc.query("SELECT " + COLUMNS + " FROM fhir_resource r WHERE r.resource_type = ? AND r.id = ?"
        + " AND r.version_id = ?", FeedStore::stored, resourceType, id, versionId).stream().findFirst();
  }

  /** One page of the current versions that match, newest first. */
  public List<StoredResource> search(FeedQuery query, int offset, int count) {
    List<Object> args = new ArrayList<>();
    args.add(query.resourceType());
    args.addAll(query.args());
    args.add(count);
    args.add(offset);
    return jdbc.query("SELECT " + COLUMNS + " FROM fhir_resource r WHERE r.resource_type = ? AND r.current AND "
        + query.where() + " ORDER BY r.seq DESC LIMIT ? OFFSET ?", FeedStore::stored, args.toArray());
  }

  /** How many current versions match. */
  public int count(FeedQuery query) {
    List<Object> args = new ArrayList<>();
    args.add(query.resourceType());
    args.addAll(query.args());
    Integer n = jdbc.queryForObject("SELECT count(*) FROM fhir_resource r WHERE r.resource_type = ? AND r.current AND "
        + query.where(), Integer.class, args.toArray());
    return n == null ? 0 : n;
  }

  /** The resource as the feed serves it. */
  public Resource resource(StoredResource stored) {
    return stored.toResource(context);
  }

  private static OffsetDateTime timestamp(java.time.Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static StoredResource stored(ResultSet rs, int row) throws SQLException {
    return new StoredResource(rs.getString("resource_type"), rs.getString("id"), rs.getInt("version_id"),
        rs.getTimestamp("last_updated").toInstant(), rs.getLong("report_id"), rs.getString("content"));
  }
}
