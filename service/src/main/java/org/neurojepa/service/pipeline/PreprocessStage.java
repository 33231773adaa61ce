package org.neurojepa.service.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import org.neurojepa.preprocessing.Contrast;
import org.neurojepa.preprocessing.PreprocessOutcome;
import org.neurojepa.preprocessing.SeriesPreprocessing;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.NodeProperties;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Converts a kept series and runs preprocessing (bias, registration, resampling, mask, model
 * input, QC). Artefacts go to {@code <data-dir>/artefacts/<study>/<series>/g<generation>/}. A
 * refusal (unconvertible geometry, QC below threshold) is recorded with its reason and ends the
 * job; only unexpected failures (I/O) are retried.
 */
@Component
public final class PreprocessStage implements Stage {
  public static final String NAME = "preprocess";

  private final DicomNodeLifecycle node;
  private final NodeProperties nodeProperties;
  private final SeriesRecords records;
  private final SeriesResults results;
  private final ObjectProvider<SeriesPreprocessing> preprocessing;
  private final JobQueue jobs;
  private final StudyProgress progress;
  private final AuditTrail audit;

  public PreprocessStage(DicomNodeLifecycle node, NodeProperties nodeProperties, SeriesRecords records,
      SeriesResults results, ObjectProvider<SeriesPreprocessing> preprocessing, JobQueue jobs, StudyProgress progress,
      AuditTrail audit) {
    this.node = node;
    this.nodeProperties = nodeProperties;
    this.records = records;
    this.results = results;
    this.preprocessing = preprocessing;
    this.jobs = jobs;
    this.progress = progress;
    this.audit = audit;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Where one generation's artefacts live. */
  public Path artefactDir(String studyUid, String seriesUid, int generation) {
    return nodeProperties.dataDir().toAbsolutePath().resolve("artefacts").resolve(studyUid).resolve(seriesUid)
        .resolve("g" + generation);
  }

  @Override
  public void run(Job job) throws Exception {
    Optional<SeriesRecords.SeriesRecord> record = records.find(job.seriesUid());
    if (record.isEmpty() || record.get().generation() != job.generation() || record.get().sequenceType() == null) {
      return; // superseded by a later generation, whose own jobs do the work
    }
    Contrast contrast;
    try {
      contrast = Contrast.valueOf(record.get().sequenceType());
    } catch (IllegalArgumentException e) {
      return; // rejected at classification: nothing to preprocess
    }
    Optional<SeriesResults.SeriesResult> done = results.find(job.seriesUid(), job.generation());
    if (done.isPresent()) {
      // recorded by an earlier run of this job (which may have stopped before queueing what follows)
      next(job, done.get().preprocessAccepted());
      return;
    }
    DicomSeries series = ReceivedSeries.read(node.store().root(), job.studyUid(), job.seriesUid());
    PreprocessOutcome o = preprocessing.getObject()
        .preprocess(series, contrast, artefactDir(job.studyUid(), job.seriesUid(), job.generation()));
    results.preprocessed(job.studyUid(), job.seriesUid(), job.generation(), o);
    audit.record(AuditEntry.of("system", AuditAction.SERIES_PREPROCESSED, o.accepted() ? "success" : "refused")
        .withStudy(job.studyUid(), job.seriesUid())
        .withDetail(contrast + " generation " + job.generation() + ": "
            + (o.accepted() ? "accepted" : o.reason().orElseThrow())
            + o.qc().map(q -> " (" + q + ")").orElse("")
            + o.artefacts().map(a -> " → " + a).orElse("")));
    next(job, o.accepted());
  }

  private void next(Job job, boolean accepted) {
    if (accepted) {
      jobs.enqueueHere(EmbedStage.NAME, job.studyUid(), job.seriesUid(), job.generation());
    } else {
      progress.seriesSettled(job.studyUid());
    }
  }
}
