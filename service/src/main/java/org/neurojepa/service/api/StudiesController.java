package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.neurojepa.pacs.store.SeriesSummary;
import org.neurojepa.pacs.store.StudySummary;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.SeriesRecords;
import org.neurojepa.service.pipeline.SeriesResults;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the DICOM node has received, and what the pipeline made of it: studies, their series and
 * instance counts, each series' classification (or rejection reason), and its latest
 * preprocessing and model results with links to the artefact files. Read-only.
 */
@RestController
@RequestMapping("/api/studies")
@Tag(name = "Studies and series")
public final class StudiesController {
  private final DicomNodeLifecycle node;
  private final SeriesRecords records;
  private final SeriesResults results;
  private final Artefacts artefacts;

  StudiesController(DicomNodeLifecycle node, SeriesRecords records, SeriesResults results, Artefacts artefacts) {
    this.node = node;
    this.records = records;
    this.results = results;
    this.artefacts = artefacts;
  }

  /** A received study. */
  public record StudyView(String studyInstanceUid, String patientId, int instanceCount, List<SeriesView> series) {}

  /**
   * A received series and what the pipeline made of it: {@code pipeline} (the classification) is
   * absent until the series has completed (its quiet period passed), {@code analysis} until it
   * was preprocessed.
   */
  public record SeriesView(
      String seriesInstanceUid, Integer seriesNumber, String modality, String seriesDescription,
      int instanceCount, long bytes, SeriesRecords.SeriesRecord pipeline, Analysis analysis) {}

  /**
   * The latest generation's preprocessing and model results.
   *
   * @param preprocessReason why preprocessing refused the series (conversion, volume or QC), when it did
   * @param modelVersion the model that embedded it; null when it was not embedded
   */
  public record Analysis(
      int generation, boolean preprocessAccepted, String preprocessReason, Double qcMutualInformation,
      Double qcPsnrDb, Double qcPearson, String modelVersion, List<ArtefactLink> artefacts) {}

  @GetMapping
  @Operation(summary = "Received studies with their series, classification, QC numbers and artefact links")
  public List<StudyView> studies() {
    return node.store().studies().stream().map(this::view).toList();
  }

  @GetMapping("/{studyInstanceUid}")
  @Operation(summary = "One received study")
  public ResponseEntity<StudyView> study(@PathVariable String studyInstanceUid) {
    return node.store().studies().stream().filter(s -> s.studyInstanceUid().equals(studyInstanceUid)).findFirst()
        .map(this::view).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  private StudyView view(StudySummary s) {
    return new StudyView(s.studyInstanceUid(), s.patientId(), s.instanceCount(),
        s.series().stream().map(this::view).toList());
  }

  private SeriesView view(SeriesSummary s) {
    Analysis analysis = results.ofSeries(s.seriesInstanceUid()).stream().findFirst()
        .map(r -> new Analysis(r.generation(), r.preprocessAccepted(), r.preprocessReason(), r.qcMutualInformation(),
            r.qcPsnrDb(), r.qcPearson(), r.modelVersion(), artefacts.list(r)))
        .orElse(null);
    return new SeriesView(s.seriesInstanceUid(), s.seriesNumber().isPresent() ? s.seriesNumber().getAsInt() : null,
        s.modality(), s.seriesDescription(), s.instanceCount(), s.bytes(),
        records.find(s.seriesInstanceUid()).orElse(null), analysis);
  }
}
