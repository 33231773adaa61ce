package org.neurojepa.pacs.store;

/** What a successful C-STORE did to the store. */
public enum StoreOutcome {
  /** A SOP Instance UID the store did not hold. */
  STORED,
  /** The same SOP Instance UID with the same transfer syntax and data set bytes: nothing written. */
  DUPLICATE,
  /** The same SOP Instance UID with different content: the file was atomically replaced. */
  REPLACED
}
