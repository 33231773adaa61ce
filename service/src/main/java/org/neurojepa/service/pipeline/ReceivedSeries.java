package org.neurojepa.service.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurojepa.preprocessing.convert.DicomSeries;
import org.neurojepa.preprocessing.convert.DirectoryScan;

/** Reads a received series back from the node's store, {@code <root>/<study>/<series>/}. */
public final class ReceivedSeries {
  private ReceivedSeries() {}

  public static DicomSeries read(Path root, String studyUid, String seriesUid) throws IOException {
    Path dir = root.resolve(studyUid).resolve(seriesUid);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("series folder " + dir + " is missing");
    }
    return DirectoryScan.of(dir).series().stream()
        .filter(s -> s.seriesInstanceUid().equals(seriesUid))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no readable instance of series " + seriesUid + " in " + dir));
  }
}
