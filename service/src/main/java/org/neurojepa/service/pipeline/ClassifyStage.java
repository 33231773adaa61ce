package org.neurojepa.service.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import org.neurojepa.preprocessing.series.Classification;
import org.neurojepa.preprocessing.series.SeriesClassifier;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.springframework.stereotype.Component;

/** Decides whether a series goes to the model (T1w, T2w, FLAIR) and records why or why not. */
@Component
public final class ClassifyStage implements Stage {
  public static final String NAME = "classify";

  private final DicomNodeLifecycle node;
  private final SeriesRecords records;
  private final AuditTrail audit;
  private final JobQueue jobs;
  private final StudyProgress progress;
  private final SeriesClassifier classifier = new SeriesClassifier();

  public ClassifyStage(DicomNodeLifecycle node, SeriesRecords records, AuditTrail audit, JobQueue jobs,
      StudyProgress progress) {
    this.node = node;
    this.records = records;
    this.audit = audit;
    this.jobs = jobs;
    this.progress = progress;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Job job) throws Exception {
    Path dir = node.store().root().resolve(job.studyUid()).resolve(job.seriesUid());
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("series folder " + dir + " is missing");
    }
    DicomSeries series = DirectoryScan.of(dir).series().stream()
        .filter(s -> s.seriesInstanceUid().equals(job.seriesUid()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no readable instance of series " + job.seriesUid() + " in " + dir));
    Classification c = classifier.classify(series);
    records.classified(job.seriesUid(), job.generation(), c, SeriesHeader.toJson(series.firstHeader()));
    audit.record(AuditEntry.of("system", AuditAction.SERIES_CLASSIFIED, "success")
        .withStudy(job.studyUid(), job.seriesUid())
        .withDetail(c.isAccepted()
            ? c.type() + (c.postContrast() ? " post-contrast" : "") + " (confidence " + c.confidence() + ")"
            : "rejected: " + c.rejection().orElseThrow() + ": " + c.explanation()));
    if (records.find(job.seriesUid()).map(r -> r.generation() != job.generation()).orElse(true)) {
      return; // a later generation took over
    }
    if (c.isAccepted()) {
      jobs.enqueueHere(PreprocessStage.NAME, job.studyUid(), job.seriesUid(), job.generation());
    } else {
      progress.seriesSettled(job.studyUid());
    }
  }
}
