package org.neurojepa.service.audit;

/** What an audit entry records. */
public enum AuditAction {
  ASSOCIATION_ACCEPTED,
  ASSOCIATION_REFUSED,
  INSTANCE_STORED,
  SERIES_COMPLETED,
  SERIES_REOPENED,
  SERIES_CLASSIFIED,
  JOB_REQUEUED,
  API_ACCESS
}
