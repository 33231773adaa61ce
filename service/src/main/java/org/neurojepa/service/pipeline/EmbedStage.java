package org.neurojepa.service.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.model.ModelInstallation;
import org.neurojepa.service.model.ServedModel;
import org.springframework.stereotype.Component;

/**
 * Runs the served model on a preprocessed series: stores the pooled vector and the findings
 * heads' probabilities with the model version and weights hash, and the token features as a
 * safetensors artefact. A series embedded earlier by another model version (the service now runs a
 * different one; an admin re-runs the job) is embedded again and the study's report re-made,
 * superseding the old one.
 */
@Component
public final class EmbedStage implements Stage {
  public static final String NAME = "embed";

  private final SeriesRecords records;
  private final SeriesResults results;
  private final ModelInstallation installation;
  private final StudyProgress progress;
  private final AuditTrail audit;

  public EmbedStage(SeriesRecords records, SeriesResults results, ModelInstallation installation,
      StudyProgress progress, AuditTrail audit) {
    this.records = records;
    this.results = results;
    this.installation = installation;
    this.progress = progress;
    this.audit = audit;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Job job) throws Exception {
    Optional<SeriesRecords.SeriesRecord> record = records.find(job.seriesUid());
    if (record.isEmpty() || record.get().generation() != job.generation()) {
      return;
    }
    SeriesResults.SeriesResult result = results.find(job.seriesUid(), job.generation())
        .orElseThrow(() -> new IllegalStateException("series " + job.seriesUid() + " generation " + job.generation()
            + " has no preprocessing result"));
    if (!result.preprocessAccepted()) {
      return;
    }
    boolean modelChanged = false;
    try (ServedModel.Lease lease = installation.lease()) {
      SeriesEmbedding e = new SeriesEmbedding(lease.model());
      String version = lease.model().version().id();
      if (!version.equals(result.modelVersion())) {
        modelChanged = result.modelVersion() != null;
        Path artefacts = Path.of(result.artefactDir());
        EmbeddingOutcome o = e.embed(artefacts.resolve(org.neurojepa.preprocessing.Preprocessor.INPUT), artefacts);
        results.embedded(job.seriesUid(), job.generation(), o);
        audit.record(AuditEntry.of("system", AuditAction.MODEL_RUN, "success")
            .withStudy(job.studyUid(), job.seriesUid())
            .withDetail(o.modelName() + " " + o.version().id() + ", weights "
                + (o.version().isTrained() ? o.version().weightsSha256() : "untrained") + ", "
                + String.format(java.util.Locale.ROOT, "%.0f ms", o.millis()) + ", "
                + (o.findings().isEmpty() ? "no findings heads" : o.findings().size() + " findings") + " → "
                + o.features()));
      }
    }
    progress.seriesSettled(job.studyUid(), modelChanged);
  }
}
