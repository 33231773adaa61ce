package org.neurojepa.service.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.model.ModelVersion;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.qc.QcMetrics;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.config.FhirProperties;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.model.ModelInstallation;
import org.neurojepa.service.model.ServedModel;
import org.neurojepa.service.pipeline.EmbedStage;
import org.neurojepa.service.pipeline.Job;
import org.neurojepa.service.pipeline.JobQueue;
import org.neurojepa.service.pipeline.SeriesResults;
import org.neurojepa.service.pipeline.Stage;
import org.neurojepa.service.pipeline.StudyProgress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Composes, validates and stores the study's FHIR report once every series has settled. The
 * same analysis again leaves the current report as it is; a changed one (a re-opened series, a
 * new model version) supersedes it.
 */
@Component
public final class ReportStage implements Stage {
  public static final String NAME = "report";

  private final DicomNodeLifecycle node;
  private final StudyProgress progress;
  private final Reports reports;
  private final ObjectProvider<ReportAssembly> assembly;
  private final ModelInstallation installation;
  private final FhirProperties fhir;
  private final JobQueue jobs;
  private final AuditTrail audit;

  public ReportStage(DicomNodeLifecycle node, StudyProgress progress, Reports reports,
      ObjectProvider<ReportAssembly> assembly, ModelInstallation installation, FhirProperties fhir,
      JobQueue jobs, AuditTrail audit) {
    this.node = node;
    this.progress = progress;
    this.reports = reports;
    this.assembly = assembly;
    this.installation = installation;
    this.fhir = fhir;
    this.jobs = jobs;
    this.audit = audit;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void run(Job job) throws Exception {
    String studyUid = job.studyUid();
    List<StudyProgress.SeriesState> states = progress.states(studyUid);
    if (!progress.ready(studyUid, states)) {
      return; // a series is still on its way; its stage queues the report again when it settles
    }
    List<SeriesOutcome> outcomes = new ArrayList<>();
    List<StudyProgress.SeriesState> mixed = new ArrayList<>();
    DicomDataset studyHeader = null;
    ModelVersion model = null;
    String modelName = null;
    for (StudyProgress.SeriesState s : states) {
      DicomSeries series = org.neurojepa.service.pipeline.ReceivedSeries.read(node.store().root(), studyUid,
          s.record().seriesUid());
      DicomDataset h = series.firstHeader();
      studyHeader = studyHeader == null ? h : studyHeader;
      Optional<Integer> number = h.intValue(DicomTag.SERIES_NUMBER).isPresent()
          ? Optional.of(h.intValue(DicomTag.SERIES_NUMBER).getAsInt()) : Optional.empty();
      Optional<String> description = h.string(DicomTag.SERIES_DESCRIPTION);
      String modality = h.string(DicomTag.MODALITY).orElse("MR");
      int instances = s.record().instanceCount();
      String uid = s.record().seriesUid();
      if ("REJECTED".equals(s.record().sequenceType())) {
        outcomes.add(SeriesOutcome.rejected(uid, number, description, modality, instances,
            SeriesOutcome.classificationRejection(s.record().rejection(), s.record().explanation())));
        continue;
      }
      SeriesResults.SeriesResult r = s.result().orElseThrow();
      if (!r.preprocessAccepted()) {
        outcomes.add(SeriesOutcome.rejected(uid, number, description, modality, instances, r.preprocessReason()));
        continue;
      }
      if (model == null) {
        model = new ModelVersion(r.modelVersion(), r.weightsSha256());
        modelName = r.modelName();
      }
      if (!model.id().equals(r.modelVersion())) {
        // a switch of model between two series of the study: bring the older ones to the served model first
        mixed.add(s);
      }
      outcomes.add(SeriesOutcome.kept(uid, number, description, modality, instances,
          SequenceType.valueOf(s.record().sequenceType()),
          new QcMetrics(r.qcMutualInformation(), r.qcPsnrDb(), r.qcPearson()), r.findings()));
    }
    boolean validated;
    try (ServedModel.Lease lease = installation.lease()) {
      ServedModel served = lease.model();
      if (!mixed.isEmpty()) {
        for (StudyProgress.SeriesState st : kept(states)) {
          if (!served.version().id().equals(st.result().orElseThrow().modelVersion())) {
            jobs.rerun(EmbedStage.NAME, st.record().seriesUid(), st.record().generation());
          }
        }
        return; // the re-embedded series settle and queue this report again
      }
      if (model == null) {
        model = served.version();
        modelName = served.engine().config().name();
      }
      String id = model.id();
      validated = served.version().id().equals(id) ? served.validated()
          : installation.registry().find(id).map(v -> v.validated() && !v.encoderWeightsSha256().isEmpty())
              .orElse(false);
    }
    String generationSet = StudyProgress.generationSet(states);
    DicomDataset header = studyHeader;
    ModelVersion version = model;
    String name = "Neuro-JEPA " + modelName;
    Reports.Stored stored = reports.store(studyUid, generationSet, supersedes -> assembly.getObject()
        .assemble(header, studyUid, outcomes, name, version, validated, supersedes, Instant.now()));
    if (!stored.created()) {
      return;
    }
    long kept = outcomes.stream().filter(o -> o.kept().isPresent()).count();
    audit.record(AuditEntry.of("system",
            stored.superseded().isPresent() ? AuditAction.REPORT_REPLACED : AuditAction.REPORT_CREATED, "success")
        .withStudy(studyUid, null)
        .withDetail(stored.report().reportIdentifier() + " (" + kept + " of " + outcomes.size() + " series used, model "
            + version.id() + (validated ? ", validated" : "") + ")"
            + stored.superseded().map(p -> ", supersedes " + p.reportIdentifier()).orElse("")));
    if (fhir.delivers()) {
      jobs.enqueue(DeliverStage.NAME, studyUid, studyUid, Math.toIntExact(stored.report().id()));
    }
  }

  private static List<StudyProgress.SeriesState> kept(List<StudyProgress.SeriesState> states) {
    return states.stream().filter(s -> !"REJECTED".equals(s.record().sequenceType()) && s.result().isPresent()
        && s.result().get().preprocessAccepted()).toList();
  }
}
