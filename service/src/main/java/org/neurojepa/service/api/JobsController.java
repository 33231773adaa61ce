package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.JobFilter;
import org.neurojepa.service.pipeline.JobQueue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Pipeline jobs: their state, attempts and last error. Dead letters are the jobs in state
 * {@code dead}; an admin runs one again with a retry.
 */
@RestController
@RequestMapping("/api/jobs")
@Tag(name = "Jobs and dead letters")
public final class JobsController {
  private final JobQueue jobs;
  private final AuditTrail audit;

  public JobsController(JobQueue jobs, AuditTrail audit) {
    this.jobs = jobs;
    this.audit = audit;
  }

  @GetMapping
  @Operation(summary = "Pipeline jobs, newest first",
      description = "Stage, state, attempts, last error, when created and finished. Dead letters: state=dead. A full"
          + " page carries a Link header to the next one (before=<id of its last job>).")
  public ResponseEntity<List<Job>> list(
      @Parameter(description = "queued, running, done or dead") @RequestParam Optional<String> state,
      @Parameter(description = "classify, preprocess, embed, report, deliver or notify")
          @RequestParam Optional<String> stage,
      @Parameter(description = "a Study Instance UID") @RequestParam Optional<String> study,
      @Parameter(description = "a Series Instance UID (study-wide jobs carry the study's UID here)")
          @RequestParam Optional<String> series,
      @Parameter(description = "jobs before this id") @RequestParam Optional<Long> before,
      @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
    JobFilter filter;
    try {
      filter = new JobFilter(state, stage, study, series, before, limit);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(e.getMessage());
    }
    List<Job> page = jobs.list(filter);
    ResponseEntity.BodyBuilder response = ResponseEntity.ok();
    if (page.size() == limit) {
      String next = ServletUriComponentsBuilder.fromCurrentRequest()
          .replaceQueryParam("before", page.get(page.size() - 1).id()).build().toUriString();
      response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return response.body(page);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One job")
  public ResponseEntity<Job> job(@PathVariable long id) {
    return jobs.find(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  @PostMapping("/{id}/retry")
  @Operation(summary = "Run a dead or finished job again",
      description = "Attempts start again from the first; audited as JOB_REQUEUED with the user. 409 while the job is"
          + " queued or running.")
  public ResponseEntity<Job> retry(@PathVariable long id, Principal user) {
    if (!jobs.requeue(id)) {
      return jobs.find(id).map(j -> ResponseEntity.status(409).body(j)).orElse(ResponseEntity.notFound().build());
    }
    Job job = jobs.find(id).orElseThrow();
    audit.record(AuditEntry.of(user.getName(), AuditAction.JOB_REQUEUED, "success")
        .withStudy(job.studyUid(), job.seriesUid()).withDetail("job " + id + " " + job.stage()));
    return ResponseEntity.ok(job);
  }
}
