package org.neurojepa.service.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.neurojepa.service.dicom.DicomNodeLifecycle;
import org.neurojepa.service.report.ReportStage;
import org.neurojepa.service.report.Reports;
import org.springframework.stereotype.Component;

/**
 * Decides when a study is ready for its report: every completed series' latest generation is
 * classified, and each kept one is preprocessed and, if preprocessing accepted it, embedded.
 * Each stage calls {@link #seriesSettled} after recording its own outcome, so of two series that
 * settle at once the later check sees both.
 */
@Component
public final class StudyProgress {
  private final SeriesRecords records;
  private final SeriesResults results;
  private final JobQueue jobs;
  private final DicomNodeLifecycle node;
  private final Reports reports;
  private final SeriesReceiving receiving;

  public StudyProgress(SeriesRecords records, SeriesResults results, JobQueue jobs, DicomNodeLifecycle node,
      Reports reports, SeriesReceiving receiving) {
    this.records = records;
    this.results = results;
    this.jobs = jobs;
    this.node = node;
    this.reports = reports;
    this.receiving = receiving;
  }

  /**
   * What the pipeline knows of a study's series, and the series other replicas are still receiving.
   */
  public record StudyState(List<SeriesState> series, List<String> receivingElsewhere) {}

  /**
   * True when every series of the study is complete and settled. A series that this replica's
   * node or another replica holds but has not completed (its quiet period runs) keeps the report
   * waiting: its completion settles it later.
   */
  public boolean ready(String studyUid, StudyState study) {
    List<SeriesState> states = study.series();
    if (states.isEmpty() || !states.stream().allMatch(SeriesState::settled) || !study.receivingElsewhere().isEmpty()) {
      return false;
    }
    Set<String> completed = states.stream().map(s -> s.record().seriesUid()).collect(Collectors.toSet());
    return node.store().studies().stream().filter(s -> s.studyInstanceUid().equals(studyUid))
        .flatMap(s -> s.series().stream())
        .allMatch(s -> completed.contains(s.seriesInstanceUid()));
  }

  /** A series outcome of a study; pending entries mean its report waits. */
  public record SeriesState(SeriesRecords.SeriesRecord record, Optional<SeriesResults.SeriesResult> result) {
    public boolean settled() {
      if (record.sequenceType() == null) {
        return false;
      }
      if ("REJECTED".equals(record.sequenceType())) {
        return true;
      }
      return result.isPresent() && (!result.get().preprocessAccepted() || result.get().embedded());
    }
  }

  public StudyState state(String studyUid) {
    // series still being received are read first: a completion removes one in the transaction
    // that records the series, so a series missing from the first read is in the second
    List<String> elsewhere = receiving.elsewhere(studyUid);
    List<SeriesState> states = records.ofStudy(studyUid).stream()
        .map(r -> new SeriesState(r, results.find(r.seriesUid(), r.generation())))
        .toList();
    return new StudyState(states, elsewhere);
  }

  /**
   * Queues the study's report when it is ready. The report job's generation is the sum of the
   * series' generations: it grows with every re-opened or newly completed series, so each change
   * gets one report job and a repeated check none.
   */
  public boolean seriesSettled(String studyUid) {
    return seriesSettled(studyUid, false);
  }

  /**
   * As {@link #seriesSettled(String)}; with {@code changed} (a series was embedded again by another
   * model version) a report job that already ran for this set of generations runs again. So does
   * one that ran while the study was not ready (a series' outcome was re-opened after the job was
   * queued, say) and therefore stored no report of these generations: the study must not be left
   * without a report because its key was spent early.
   */
  public boolean seriesSettled(String studyUid, boolean changed) {
    StudyState study = state(studyUid);
    if (!ready(studyUid, study)) {
      return false;
    }
    List<SeriesState> states = study.series();
    int key = states.stream().mapToInt(s -> s.record().generation()).sum();
    if (jobs.enqueue(ReportStage.NAME, studyUid, studyUid, key)) {
      return true;
    }
    boolean reported = reports.current(studyUid).map(r -> r.generationSet().equals(generationSet(states))).orElse(false);
    return (changed || !reported) && jobs.rerun(ReportStage.NAME, studyUid, key);
  }

  /** The series and their generations a report covers, as stored with it: "uid=generation;…" by UID. */
  public static String generationSet(List<SeriesState> states) {
    return states.stream()
        .sorted(java.util.Comparator.comparing(s -> s.record().seriesUid()))
        .map(s -> s.record().seriesUid() + "=" + s.record().generation())
        .collect(Collectors.joining(";"));
  }
}
