package org.neurojepa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;
import picocli.CommandLine.Option;

/** Picks the one DICOM series under a folder that a command works on: shared by convert and preprocess. */
final class SeriesChoice {
  @Option(names = "--series-uid", description = "SeriesInstanceUID of the series to use.")
  String seriesUid;

  @Option(names = "--series-number", description = "SeriesNumber of the series to use.")
  Integer seriesNumber;

  /**
   * The chosen series, or empty after explaining on {@code err} what was found instead. The scan
   * keeps the pixel data when the folder is small next to the heap (an eighth of it), so that the
   * chosen series is read and parsed only once.
   */
  Optional<DicomSeries> choose(Path dir, PrintWriter err) throws IOException {
    DirectoryScan scan = DirectoryScan.withPixels(dir, Runtime.getRuntime().maxMemory() / 8);
    List<DicomSeries> chosen = scan.series().stream()
        .filter(s -> seriesUid == null || s.seriesInstanceUid().equals(seriesUid))
        .filter(s -> seriesNumber == null
            || s.firstHeader().intValue(DicomTag.SERIES_NUMBER).orElse(Integer.MIN_VALUE) == seriesNumber)
        .toList();
    if (chosen.size() == 1) {
      return Optional.of(chosen.get(0));
    }
    err.println(chosen.isEmpty() ? "no matching DICOM series under " + dir
        : chosen.size() + " series under " + dir + "; choose one with --series-uid or --series-number:");
    for (DicomSeries s : chosen.isEmpty() ? scan.series() : chosen) {
      err.println("  " + s.firstHeader().intValue(DicomTag.SERIES_NUMBER).orElse(0) + "  " + s.seriesInstanceUid()
          + "  " + s.firstHeader().string(DicomTag.SERIES_DESCRIPTION).orElse("") + "  (" + s.files().size() + " files)");
    }
    scan.skipped().forEach(s -> err.println("skipped " + s.file() + ": " + s.reason()));
    err.flush();
    return Optional.empty();
  }
}
