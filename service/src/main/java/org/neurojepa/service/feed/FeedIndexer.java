package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.neurojepa.service.report.ReportListener;
import org.neurojepa.service.report.Reports;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts each new report's resources into the feed, in the transaction that stores the report, so
 * that the feed never lacks a stored report nor shows one that was rolled back. It runs before
 * the other listeners: subscriptions match against what it wrote.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class FeedIndexer implements ReportListener {
  private final FhirContext context;
  private final FeedStore store;
  private final JdbcTemplate jdbc;
  private final ReportProjection projection;

  public FeedIndexer(FhirContext context, FeedStore store, JdbcTemplate jdbc) {
    this.context = context;
    this.store = store;
    this.jdbc = jdbc;
    this.projection = new ReportProjection(context);
  }

  @Override
  public void reportStored(Reports.StoredReport report, Optional<Reports.StoredReport> superseded) {
    index(report);
  }

  /** Writes the report's resources and marks it indexed; the caller holds the transaction. */
  public List<StoredResource> index(Reports.StoredReport report) {
    Bundle bundle = context.newJsonParser().parseResource(Bundle.class, report.bundleJson());
    List<StoredResource> written = store.write(report.id(), projection.project(bundle, store::exists));
    jdbc.update("UPDATE reports SET feed_indexed_at = now() WHERE id = ?", report.id());
    return written;
  }
}
