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
import org.neurojepa.service.pipeline.Replica;
import org.neurojepa.service.pipeline.Replicas;
import org.neurojepa.service.pipeline.SeriesHeader;
import org.neurojepa.service.pipeline.SeriesRecords;
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
  private final SeriesRecords records;
  private final Replica replica;
  private final Replicas replicas;

  public ReportStage(DicomNodeLifecycle node, StudyProgress progress, Reports reports,
      ObjectProvider<ReportAssembly> assembly, ModelInstallation installation, FhirProperties fhir,
      JobQueue jobs, AuditTrail audit, SeriesRecords records, Replica replica, Replicas replicas) {
    this.records = records;
    this.replica = replica;
    this.replicas = replicas;
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
    StudyProgress.StudyState study = progress.state(studyUid);
    if (!progress.ready(studyUid, study)) {
      return; // a series is still on its way; its stage queues the report again when it settles
    }
    List<StudyProgress.SeriesState> states = study.series();
    List<SeriesOutcome> outcomes = new ArrayList<>();
    List<StudyProgress.SeriesState> mixed = new ArrayList<>();
    DicomDataset studyHeader = null;
    ModelVersion model = null;
    String modelName = null;
    for (StudyProgress.SeriesState s : states) {
      DicomDataset h = header(studyUid, s.record().seriesUid());
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
        List<StudyProgress.SeriesState> stale = kept(states).stream()
            .filter(st -> !served.version().id().equals(st.result().orElseThrow().modelVersion())).toList();
        for (StudyProgress.SeriesState st : stale) {
          refuseDisagreeingReplica(st, served.version().id());
        }
        for (StudyProgress.SeriesState st : stale) {
          jobs.rerun(EmbedStage.NAME, st.record().seriesUid(), st.record().generation());
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

  /**
   * The series' header attributes as stored at classification, so that this replica need not hold
   * the series' files; series classified before they were stored are read from this node's store.
   */
  private DicomDataset header(String studyUid, String seriesUid) throws java.io.IOException {
    Optional<String> stored = records.header(seriesUid);
    if (stored.isPresent()) {
      return SeriesHeader.fromJson(stored.get());
    }
    DicomSeries series = org.neurojepa.service.pipeline.ReceivedSeries.read(node.store().root(), studyUid, seriesUid);
    return series.firstHeader();
  }

  /**
   * A series is re-embedded by the replica that holds it, with the model that replica serves. If
   * that is not ours, re-embedding would go round in circles; during a promotion that the other
   * replica has not seen yet, a retry later succeeds, and replicas configured with different models
   * end in a dead job that says so.
   */
  private void refuseDisagreeingReplica(StudyProgress.SeriesState st, String ours) {
    String holder = st.record().nodeId();
    if (holder == null || holder.equals(replica.id())) {
      return;
    }
    Optional<String> theirs = replicas.servedBy(holder);
    if (theirs.isPresent() && !theirs.get().equals(ours)) {
      throw new IllegalStateException("series " + st.record().seriesUid() + " is held by replica " + holder
          + ", which serves model " + theirs.get() + ", while this replica (" + replica.id() + ") serves " + ours
          + ": the study's series cannot be brought to one model version until the replicas serve the same one"
          + " (share neurojepa.model.registry-dir between them)");
    }
  }

  private static List<StudyProgress.SeriesState> kept(List<StudyProgress.SeriesState> states) {
    return states.stream().filter(s -> !"REJECTED".equals(s.record().sequenceType()) && s.result().isPresent()
        && s.result().get().preprocessAccepted()).toList();
  }
}
