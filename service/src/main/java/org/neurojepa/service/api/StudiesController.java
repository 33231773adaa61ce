package org.neurojepa.service.api;

import java.util.List;
import org.neurojepa.pacs.store.SeriesSummary;
import org.neurojepa.pacs.store.StudySummary;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the DICOM node has received: studies, their series and instance counts. Read-only. */
@RestController
@RequestMapping("/api/studies")
public final class StudiesController {
  private final DicomNodeLifecycle node;

  public StudiesController(DicomNodeLifecycle node) {
    this.node = node;
  }

  /** A received study. */
  public record StudyView(String studyInstanceUid, String patientId, int instanceCount, List<SeriesView> series) {
    static StudyView of(StudySummary s) {
      return new StudyView(s.studyInstanceUid(), s.patientId(), s.instanceCount(),
          s.series().stream().map(SeriesView::of).toList());
    }
  }

  /** A received series. */
  public record SeriesView(
      String seriesInstanceUid, Integer seriesNumber, String modality, String seriesDescription,
      int instanceCount, long bytes) {
    static SeriesView of(SeriesSummary s) {
      return new SeriesView(s.seriesInstanceUid(),
          s.seriesNumber().isPresent() ? s.seriesNumber().getAsInt() : null,
          s.modality(), s.seriesDescription(), s.instanceCount(), s.bytes());
    }
  }

  @GetMapping
  public List<StudyView> studies() {
    return node.store().studies().stream().map(StudyView::of).toList();
  }
}
