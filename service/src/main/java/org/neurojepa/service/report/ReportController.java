package org.neurojepa.service.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.neurojepa.service.pipeline.SeriesResults;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pipeline's results: a study's current FHIR report (the stored transaction Bundle), its
 * report history, and per series the QC numbers, decision, artefact paths and model run.
 */
@RestController
@Tag(name = "Reports")
public final class ReportController {
  static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

  private final Reports reports;
  private final SeriesResults results;

  public ReportController(Reports reports, SeriesResults results) {
    this.reports = reports;
    this.results = results;
  }

  /** The current report's transaction Bundle; 404 while the study has none. */
  @GetMapping("/api/studies/{studyInstanceUid}/report")
  @Operation(summary = "The study's current FHIR report: the stored transaction Bundle",
      description = "404 while the study has none.",
      responses = @ApiResponse(responseCode = "200", description = "the Bundle",
          content = @Content(mediaType = "application/fhir+json")))
  public ResponseEntity<String> report(@PathVariable String studyInstanceUid) {
    return reports.current(studyInstanceUid)
        .map(r -> ResponseEntity.ok().contentType(FHIR_JSON).body(r.bundleJson()))
        .orElse(ResponseEntity.notFound().build());
  }

  /** A report summary without its Bundle. */
  public record ReportSummary(
      long id, String reportIdentifier, String modelVersion, String generationSet, java.time.Instant createdAt,
      Long supersededBy, java.time.Instant deliveredAt) {}

  /** Every report of the study, newest first; superseded ones name their successor. */
  @GetMapping("/api/studies/{studyInstanceUid}/reports")
  @Operation(summary = "Every report of the study, newest first",
      description = "Identifier, model version, series generations, successor, and when it was delivered.")
  public List<ReportSummary> history(@PathVariable String studyInstanceUid) {
    return reports.ofStudy(studyInstanceUid).stream()
        .map(r -> new ReportSummary(r.id(), r.reportIdentifier(), r.modelVersion(), r.generationSet(), r.createdAt(),
            r.supersededBy(), r.deliveredAt()))
        .toList();
  }

  /** Preprocessing and model results of every generation of a series, latest first. */
  @GetMapping("/api/series/{seriesInstanceUid}/results")
  @Operation(summary = "Preprocessing and model results of every generation of a series, latest first",
      description = "QC numbers (mutual information, PSNR, Pearson r), accepted or refused with the reason, the"
          + " artefact folder, per-step milliseconds, model version and weights hash, the features file.")
  public List<SeriesResults.SeriesResult> seriesResults(@PathVariable String seriesInstanceUid) {
    return results.ofSeries(seriesInstanceUid);
  }
}
