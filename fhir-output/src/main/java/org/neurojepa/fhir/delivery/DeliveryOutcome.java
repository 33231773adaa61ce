package org.neurojepa.fhir.delivery;

/** What became of one report: on the server ({@link Delivered}) or set aside ({@link DeadLetter}). */
public sealed interface DeliveryOutcome permits Delivered, DeadLetter {
  String reportIdentifier();

  /** How many times the transaction was sent (0 when it was refused before sending). */
  int attempts();
}
