package org.neurojepa.service.audit;

/** What an audit entry records. */
public enum AuditAction {
  ASSOCIATION_ACCEPTED,
  ASSOCIATION_REFUSED,
  INSTANCE_STORED,
  SERIES_COMPLETED,
  SERIES_REOPENED,
  SERIES_CLASSIFIED,
  SERIES_PREPROCESSED,
  MODEL_RUN,
  REPORT_CREATED,
  REPORT_REPLACED,
  DELIVERY_SUCCEEDED,
  DELIVERY_FAILED,
  JOB_REQUEUED,
  API_ACCESS,
  /** An artefact file of a series (an image, the mask, the features) was downloaded through the API. */
  ARTEFACT_DOWNLOADED,
  /** A FHIR Subscription was created, changed, deleted, or set to error by the server. */
  SUBSCRIPTION_CREATED,
  SUBSCRIPTION_UPDATED,
  SUBSCRIPTION_DELETED,
  SUBSCRIPTION_ERROR,
  /** A rest-hook notification to a subscriber, answered 2xx or not. */
  NOTIFICATION_SENT,
  NOTIFICATION_FAILED,
  /** A series pulled from an Orthanc source into the node's store (then completed as if received). */
  SERIES_PULLED,
  /** The served model changed: installed at start, promoted, rolled back, or marked (not) validated. */
  MODEL_INSTALLED,
  MODEL_PROMOTED,
  MODEL_ROLLED_BACK,
  MODEL_VALIDATED,
  /**
   * Never written: how a stored entry whose action this version does not know is read back (it was
   * changed after it was written, or written by a newer version), with the stored text in its
   * detail, so that the trail stays readable and the entry visible; verification reports it.
   */
  UNRECOGNISED
}
