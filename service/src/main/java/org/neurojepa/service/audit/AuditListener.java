package org.neurojepa.service.audit;

/**
 * Told of every entry as it is recorded, on the recording thread and before the entry is
 * written: everything the service does is audited, so this is where it can be counted. A
 * listener must be quick and must not throw (what it throws is logged and ignored).
 */
@FunctionalInterface
public interface AuditListener {
  void recorded(AuditEntry entry);
}
