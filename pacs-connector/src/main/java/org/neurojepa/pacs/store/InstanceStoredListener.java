package org.neurojepa.pacs.store;

/**
 * Told after an instance is durably stored (before the C-STORE response leaves), and when the store
 * refuses one. Called on the association's thread: keep it short, hand heavy work elsewhere. An
 * exception thrown here is logged and does not change the C-STORE status.
 */
public interface InstanceStoredListener {
  void instanceStored(StoredInstance instance, StoreOutcome outcome);

  default void instanceRejected(InstanceRejection rejection) {}
}
