package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.neurojepa.service.pipeline.Replica;
import org.neurojepa.service.pipeline.Replicas;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The service replicas sharing this database: which are alive, and which model each serves. */
@RestController
@RequestMapping("/api/replicas")
@Tag(name = "Jobs and dead letters")
public final class ReplicasController {
  private final Replicas replicas;
  private final Replica replica;

  ReplicasController(Replicas replicas, Replica replica) {
    this.replicas = replicas;
    this.replica = replica;
  }

  /** @param self the id of the replica that answered */
  public record ReplicasView(String self, List<Replicas.Entry> replicas) {}

  @GetMapping
  @Operation(summary = "The replicas on this database",
      description = "Each replica reports itself every 5 s: its node id (neurojepa.pipeline.node-id), AE title, DICOM"
          + " port and the model version it serves (null before its first job). Jobs bound to a replica (classify,"
          + " preprocess, embed read its files) wait for it; a replica that is not alive holds them back.")
  public ReplicasView list() {
    return new ReplicasView(replica.id(), replicas.list());
  }
}
