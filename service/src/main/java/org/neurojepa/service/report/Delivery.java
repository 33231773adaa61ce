package org.neurojepa.service.report;

import java.time.Instant;

/**
 * One run of a report's deliver job, as the admin API lists it.
 *
 * @param target the FHIR server's base URL (user information removed)
 * @param jobState the deliver job's state now: queued (another run follows), running, done or dead
 * @param httpAttempts HTTP attempts within this run
 * @param outcome delivered, or why not: refused (a 4xx: final), exhausted (timeouts, 5xx: the job
 *     retries), invalid (did not validate: nothing sent), interrupted
 * @param alreadyThere delivered, and the server already had every resource
 * @param location the server's location of the DiagnosticReport, when delivered
 * @param detail what happened; for a refusal, the server's OperationOutcome text
 */
public record Delivery(
    long id, long reportId, String reportIdentifier, String studyUid, String target, Instant at, Long jobId,
    int jobAttempt, String jobState, int httpAttempts, String outcome, boolean alreadyThere, String location,
    String detail) {}
