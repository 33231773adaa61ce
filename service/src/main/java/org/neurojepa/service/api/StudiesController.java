package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.pacs.store.SeriesSummary;
import org.neurojepa.pacs.store.StudySummary;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.pipeline.SeriesHeader;
import org.neurojepa.service.pipeline.SeriesRecords;
import org.neurojepa.service.pipeline.SeriesResults;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What the DICOM node has received, and what the pipeline made of it: studies, their series and
 * instance counts, each series' classification (or rejection reason), and its latest
 * preprocessing and model results with links to the artefact files. Read-only. With several
 * replicas on one database, the series other replicas received are listed too, from the database
 * (their {@code pipeline.nodeId} names the replica that holds their files and serves their
 * artefacts).
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
   * was preprocessed. {@code bytes} is null for a series another replica holds.
   */
  public record SeriesView(
      String seriesInstanceUid, Integer seriesNumber, String modality, String seriesDescription,
      int instanceCount, Long bytes, SeriesRecords.SeriesRecord pipeline, Analysis analysis) {}

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
  @Operation(summary = "Received studies with their series, classification, QC numbers and artefact links",
      description = "In Study Instance UID order, a page at a time; a full page carries a Link header to the next"
          + " one (after=<the page's last UID>).")
  public ResponseEntity<List<StudyView>> studies(
      @Parameter(description = "studies after this Study Instance UID") @RequestParam Optional<String> after,
      @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidRequest("limit must be 1..1000, got " + limit);
    }
    // the page is chosen from the UIDs alone; only its studies are looked up in detail
    Map<String, StudySummary> local = new HashMap<>();
    node.store().studies().forEach(st -> local.put(st.studyInstanceUid(), st));
    TreeSet<String> uids = new TreeSet<>(local.keySet());
    uids.addAll(records.studyUids());
    List<StudyView> page = new ArrayList<>();
    for (String uid : after.map(a -> (SortedSet<String>) uids.tailSet(a, false)).orElse(uids)) {
      if (page.size() == limit) {
        break;
      }
      view(uid, Optional.ofNullable(local.get(uid))).ifPresent(page::add);
    }
    ResponseEntity.BodyBuilder response = ResponseEntity.ok();
    if (page.size() == limit) {
      String next = ServletUriComponentsBuilder.fromCurrentRequest()
          .replaceQueryParam("after", page.get(page.size() - 1).studyInstanceUid()).build().toUriString();
      response.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return response.body(page);
  }

  @GetMapping("/{studyInstanceUid}")
  @Operation(summary = "One received study")
  public ResponseEntity<StudyView> study(@PathVariable String studyInstanceUid) {
    Optional<StudySummary> local = node.store().studies().stream()
        .filter(s -> s.studyInstanceUid().equals(studyInstanceUid)).findFirst();
    return view(studyInstanceUid, local).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  /** This node's series of the study, then those only the database knows (other replicas hold them). */
  private Optional<StudyView> view(String studyUid, Optional<StudySummary> local) {
    // one read of the study's records serves this node's series and the others' alike
    Map<String, SeriesRecords.SeriesRecord> recorded = new LinkedHashMap<>();
    records.ofStudy(studyUid).forEach(r -> recorded.put(r.seriesUid(), r));
    List<SeriesView> series = new ArrayList<>();
    local.ifPresent(st -> st.series().forEach(s -> series.add(view(s, recorded.remove(s.seriesInstanceUid())))));
    String patientId = local.map(StudySummary::patientId).orElse(null);
    for (SeriesRecords.SeriesRecord r : recorded.values()) {
      DicomDataset h = records.header(r.seriesUid()).map(SeriesHeader::fromJson)
          .orElse(new DicomDataset(Map.of(), "", null));
      patientId = patientId != null ? patientId : h.string(DicomTag.PATIENT_ID).orElse(null);
      series.add(new SeriesView(r.seriesUid(),
          h.intValue(DicomTag.SERIES_NUMBER).isPresent() ? h.intValue(DicomTag.SERIES_NUMBER).getAsInt() : null,
          h.string(DicomTag.MODALITY).orElse(null), h.string(DicomTag.SERIES_DESCRIPTION).orElse(""),
          r.instanceCount(), null, r, analysis(r.seriesUid())));
    }
    if (series.isEmpty()) {
      return Optional.empty();
    }
    int instances = series.stream().mapToInt(SeriesView::instanceCount).sum();
    return Optional.of(new StudyView(studyUid, patientId == null ? "" : patientId, instances, series));
  }

  /** A series this node holds, with its record (null until it completed). */
  private SeriesView view(SeriesSummary s, SeriesRecords.SeriesRecord record) {
    return new SeriesView(s.seriesInstanceUid(), s.seriesNumber().isPresent() ? s.seriesNumber().getAsInt() : null,
        s.modality(), s.seriesDescription(), s.instanceCount(), s.bytes(), record, analysis(s.seriesInstanceUid()));
  }

  private Analysis analysis(String seriesUid) {
    return results.ofSeries(seriesUid).stream().findFirst()
        .map(r -> new Analysis(r.generation(), r.preprocessAccepted(), r.preprocessReason(), r.qcMutualInformation(),
            r.qcPsnrDb(), r.qcPearson(), r.modelVersion(), artefacts.list(r)))
        .orElse(null);
  }
}
