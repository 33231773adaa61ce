package org.neurojepa.service.report;

import java.util.Optional;

/**
 * Told of every report {@link Reports#store} adds, inside the transaction that adds it: what a
 * listener writes is committed with the report or not at all, and a listener that throws rolls
 * the report back (its job then fails and is retried).
 */
public interface ReportListener {

  /**
   * @param report the study's new current report
   * @param superseded the report it replaces, if any
   */
  void reportStored(Reports.StoredReport report, Optional<Reports.StoredReport> superseded);
}
