package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.pipeline.SeriesResults;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A series' artefacts: the list per generation, and each file for download. Images of a patient
 * leave the service here, so each download is audited with its study and series
 * ({@code ARTEFACT_DOWNLOADED}), besides the API access itself.
 */
@RestController
@RequestMapping("/api/series/{seriesInstanceUid}/artefacts")
@Tag(name = "Studies and series")
public final class ArtefactsController {
  private final SeriesResults results;
  private final Artefacts artefacts;
  private final AuditTrail audit;

  ArtefactsController(SeriesResults results, Artefacts artefacts, AuditTrail audit) {
    this.results = results;
    this.artefacts = artefacts;
    this.audit = audit;
  }

  @GetMapping
  @Operation(summary = "A series' artefact files, latest generation first",
      description = "registered.nii.gz (in MNI space), mask.nii.gz, mask_native.nii.gz, input.nii.gz (the model's"
          + " input), preprocess.json (QC and timings), embedding.safetensors (token features), with download links.")
  public List<ArtefactLink> list(@PathVariable String seriesInstanceUid) {
    return results.ofSeries(seriesInstanceUid).stream().flatMap(r -> artefacts.list(r).stream()).toList();
  }

  @GetMapping("/{generation}/{name}")
  @Operation(summary = "Download one artefact file",
      description = "Only plain file names of the generation's artefact folder are served; anything else is 404.")
  public ResponseEntity<Resource> download(@PathVariable String seriesInstanceUid,
      @Parameter(description = "the series' completion generation (1, 2 …)") @PathVariable int generation,
      @Parameter(description = "a file name from the list, e.g. registered.nii.gz") @PathVariable String name,
      Principal user) {
    Optional<SeriesResults.SeriesResult> result = results.find(seriesInstanceUid, generation);
    Optional<Path> file = result.flatMap(r -> artefacts.file(r, name));
    if (file.isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    audit.record(AuditEntry.of(user.getName(), AuditAction.ARTEFACT_DOWNLOADED, "success")
        .withStudy(result.get().studyUid(), seriesInstanceUid).withDetail("generation " + generation + " " + name));
    return ResponseEntity.ok()
        .contentType(mediaType(name))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
        .body(new FileSystemResource(file.get()));
  }

  private static MediaType mediaType(String name) {
    if (name.endsWith(".gz")) {
      return MediaType.parseMediaType("application/gzip");
    }
    if (name.endsWith(".json")) {
      return MediaType.APPLICATION_JSON;
    }
    return MediaType.APPLICATION_OCTET_STREAM;
  }
}
