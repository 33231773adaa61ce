package org.neurojepa.fhir.delivery;

/**
 * The server's answer for one resource of the transaction: where it lives, and whether this
 * delivery created it ({@code created}) or found it already there (a conditional create matched).
 */
public record EntryResult(String resourceType, String location, boolean created) {}
