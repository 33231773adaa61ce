package org.neurojepa.service.api;

import java.util.List;
import org.neurojepa.pacs.store.SeriesSummary;
import org.neurojepa.pacs.store.StudySummary;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.SeriesRecords;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the DICOM node has received: studies, their series and instance counts. Read-only. */
@RestController
@RequestMapping("/api/studies")
public final class StudiesController {
  private final DicomNodeLifecycle node;

  private final SeriesRecords records;

  public StudiesController(DicomNodeLifecycle node, SeriesRecords records) {
    this.node = node;
    this.records = records;
  }

  /** A received study. */
  public record StudyView(String studyInstanceUid, String patientId, int instanceCount, List<SeriesView> series) {}

  /**
   * A received series and what the pipeline made of it: {@code pipeline} is absent until the
   * series has completed (its quiet period passed).
   */
  public record SeriesView(
      String seriesInstanceUid, Integer seriesNumber, String modality, String seriesDescription,
      int instanceCount, long bytes, SeriesRecords.SeriesRecord pipeline) {}

  @GetMapping
  public List<StudyView> studies() {
    return node.store().studies().stream().map(this::view).toList();
  }

  @GetMapping("/{studyInstanceUid}")
  public ResponseEntity<StudyView> study(@PathVariable String studyInstanceUid) {
    return node.store().studies().stream().filter(s -> s.studyInstanceUid().equals(studyInstanceUid)).findFirst()
        .map(this::view).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  private StudyView view(StudySummary s) {
    return new StudyView(s.studyInstanceUid(), s.patientId(), s.instanceCount(),
        s.series().stream().map(this::view).toList());
  }

  private SeriesView view(SeriesSummary s) {
    return new SeriesView(s.seriesInstanceUid(), s.seriesNumber().isPresent() ? s.seriesNumber().getAsInt() : null,
        s.modality(), s.seriesDescription(), s.instanceCount(), s.bytes(),
        records.find(s.seriesInstanceUid()).orElse(null));
  }
}
