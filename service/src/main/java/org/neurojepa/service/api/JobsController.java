package org.neurojepa.service.api;

import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.JobQueue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pipeline jobs: their state, attempts and last error; dead letters can be run again. */
@RestController
@RequestMapping("/api/jobs")
public final class JobsController {
  private final JobQueue jobs;
  private final AuditTrail audit;

  public JobsController(JobQueue jobs, AuditTrail audit) {
    this.jobs = jobs;
    this.audit = audit;
  }

  /** Newest first; {@code state} is queued, running, done or dead (dead letters). */
  @GetMapping
  public List<Job> list(@RequestParam Optional<String> state, @RequestParam Optional<String> series,
      @RequestParam(defaultValue = "100") int limit) {
    return jobs.list(state, series, Math.max(1, Math.min(limit, 1000)));
  }

  @GetMapping("/{id}")
  public ResponseEntity<Job> job(@PathVariable long id) {
    return jobs.find(id).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  /** Runs a dead or finished job again from its first attempt. */
  @PostMapping("/{id}/retry")
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
