package org.neurojepa.training.harvest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.neurojepa.pacs.orthanc.FindQuery;
import org.neurojepa.pacs.orthanc.OrthancClient;
import org.neurojepa.pacs.orthanc.OrthancException;
import org.neurojepa.pacs.orthanc.OrthancSeries;
import org.neurojepa.pacs.orthanc.OrthancStudy;
import org.neurojepa.training.harvest.internal.ArchiveExtraction;
import org.neurojepa.training.harvest.internal.ScratchSpace;

/**
 * An Orthanc read over its REST API: studies and series by {@code /tools/find} (ModalitiesInStudy
 * MR, StudyDate range, BodyPartExamined), one series at a time as its zip archive (one request per
 * series). Closing the source closes the client.
 */
public final class OrthancRestSource implements HarvestSource {
  private final OrthancClient client;
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong retrievals = new AtomicLong();
  private final AtomicLong instances = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public OrthancRestSource(OrthancClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public String description() {
    return "Orthanc at " + client.baseUrl();
  }

  @Override
  public List<ArchivedStudy> findStudies(StudySelection selection) throws HarvestException {
    FindQuery.Builder q = FindQuery.builder().modality(StudySelection.MODALITY);
    selection.from().ifPresent(q::studyDateFrom);
    selection.to().ifPresent(q::studyDateTo);
    selection.bodyPart().ifPresent(q::bodyPartExamined);
    List<OrthancStudy> found;
    try {
      queries.incrementAndGet();
      found = client.findStudies(q.build());
    } catch (OrthancException e) {
      throw unusable(e);
    }
    return found.stream()
        .map(s -> new ArchivedStudy(s.studyInstanceUid(), s.studyDate(), s.id()))
        .toList();
  }

  @Override
  public List<ArchivedSeries> findSeries(ArchivedStudy study, StudySelection selection) throws HarvestException {
    FindQuery.Builder q = FindQuery.builder().studyInstanceUid(study.studyInstanceUid()).modality(StudySelection.MODALITY);
    selection.bodyPart().ifPresent(q::bodyPartExamined);
    List<OrthancSeries> found;
    try {
      queries.incrementAndGet();
      found = client.findSeries(q.build());
    } catch (OrthancException e) {
      throw unusable(e);
    }
    // two patients may share a StudyInstanceUID in a careless archive; Orthanc keeps them apart
    return found.stream()
        .filter(s -> s.studyId().equals(study.sourceKey()))
        .map(s -> new ArchivedSeries(study.studyInstanceUid(), s.seriesInstanceUid(), s.modality(), s.seriesNumber(),
            s.seriesDescription(), s.instanceCount(), s.id()))
        .toList();
  }

  @Override
  public FetchedSeries fetch(ArchivedSeries series, Path scratch) throws HarvestException, IOException {
    Path zip = scratch.resolve(series.seriesInstanceUid() + ".zip");
    Path dir = scratch.resolve(series.seriesInstanceUid());
    try {
      retrievals.incrementAndGet();
      client.downloadSeriesArchive(series.sourceKey(), zip);
    } catch (OrthancException e) {
      if (isUnusable(e)) {
        throw unusable(e);
      }
      throw new IOException("cannot download series " + series.seriesInstanceUid() + ": " + e.getMessage(), e);
    }
    long size = Files.size(zip);
    int files;
    try {
      files = ArchiveExtraction.unpack(zip, dir);
    } catch (IOException e) {
      ScratchSpace.deleteTree(dir);
      throw new IOException("the archive of series " + series.seriesInstanceUid() + " is damaged: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(zip);
    }
    instances.addAndGet(files);
    bytes.addAndGet(size);
    return new FetchedSeries(dir, files, size, () -> ScratchSpace.deleteTree(dir));
  }

  @Override
  public SourceCounters counters() {
    return new SourceCounters(queries.get(), retrievals.get(), instances.get(), bytes.get());
  }

  /** Closes the client. */
  @Override
  public void close() {
    client.close();
  }

  /** Whatever stops every request, not just this one: the server, our credentials, our rights. */
  private static boolean isUnusable(OrthancException e) {
    return switch (e.kind()) {
      case CONNECTION_FAILED, UNAUTHORIZED, FORBIDDEN, TIMEOUT -> true;
      default -> false;
    };
  }

  private HarvestException unusable(OrthancException e) {
    String what = switch (e.kind()) {
      case CONNECTION_FAILED -> "is down or not at this address";
      case UNAUTHORIZED -> "refused our credentials (wrong or missing user or password)";
      case FORBIDDEN -> "does not allow us this request";
      case TIMEOUT -> "did not answer in time";
      default -> "failed";
    };
    return new HarvestException("Orthanc at " + client.baseUrl() + " " + what + ": " + e.getMessage(), e);
  }
}
