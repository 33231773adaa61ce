package org.neurojepa.training.harvest;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Progress lines for a person watching a harvest: the studies found, each series' fate (one line;
 * series done in an earlier run are only counted), a line per study with the totals so far and
 * the rate, and a summary at the end. UIDs only: no patient data reaches the console.
 */
public final class ConsoleProgress implements HarvestProgress {
  private final PrintWriter out;
  private final long start = System.nanoTime();
  private int accepted;
  private int rejected;
  private int failed;
  private int alreadyDone;
  private int seriesInStudy;

  public ConsoleProgress(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void studiesFound(int studies, String source, StudySelection selection) {
    if (studies == 0) {
      line("harvest: no study in %s matches (%s): nothing to do", source, selection);
    } else {
      line("harvest: %d stud%s in %s (%s)", studies, studies == 1 ? "y matches" : "ies match", source, selection);
    }
  }

  @Override
  public void seriesDone(int study, int studies, HarvestedSeries h) {
    seriesInStudy++;
    String where = String.format(Locale.ROOT, "[%d/%d] %s", study, studies, h.series().label());
    switch (h.status()) {
      case ACCEPTED -> {
        accepted++;
        line("%s: %s → %s, %s (%.1f s)", where, h.sequence().orElseThrow().label(), h.split().orElseThrow().label(),
            h.detail(), h.seconds());
      }
      case REJECTED -> {
        rejected++;
        line("%s: rejected %s (%.1f s)", where, h.detail(), h.seconds());
      }
      case FAILED -> {
        failed++;
        line("%s: FAILED, left for the next run: %s", where, h.detail());
      }
      case ALREADY_DONE -> alreadyDone++;
    }
  }

  @Override
  public void studyDone(int study, int studies, ArchivedStudy archived) {
    double minutes = Math.max((System.nanoTime() - start) / 60e9, 1e-9);
    int worked = accepted + rejected + failed;
    line("study %d/%d done (%s): %s; so far %d accepted, %d rejected, %d failed, %d already in the dataset; %.1f series/min",
        study, studies, archived.studyInstanceUid(), seriesInStudy == 0 ? "no MR series matches" : seriesInStudy + " series",
        accepted, rejected, failed, alreadyDone, worked / minutes);
    seriesInStudy = 0;
  }

  @Override
  public void finished(HarvestSummary s) {
    String codes = s.rejectedByCode().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    line("harvest: %d of %d studies complete; this run %d accepted, %d rejected%s, %d already in the dataset, %d failed",
        s.studiesComplete(), s.studiesFound(), s.seriesAccepted(), s.seriesRejected(),
        codes.isEmpty() ? "" : " (" + codes + ")", s.seriesAlreadyDone(), s.seriesFailed());
    line("harvest: fetched %d series (%d instances, %.1f MB) with %d quer%s in %.1f s%s",
        s.fetched().retrievals(), s.fetched().instances(), s.fetched().bytes() / 1e6, s.fetched().queries(),
        s.fetched().queries() == 1 ? "y" : "ies",
        s.elapsed().toMillis() / 1e3, s.cleanedUp() > 0 ? "; removed " + s.cleanedUp() + " leftovers of an interrupted run" : "");
    line("harvest: the dataset holds %d model inputs and %d rejections%s", s.datasetEntries(), s.datasetRejections(),
        s.complete() ? "" : "; run again to retry the " + s.seriesFailed() + " failed series");
  }

  private void line(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
