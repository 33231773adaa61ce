package org.neurojepa.preprocessing.convert;

import java.nio.file.Path;
import java.util.List;
import org.neurojepa.pacs.file.DicomDataset;

/**
 * The files of one series found on disk, with their headers (with pixel data only when the scan
 * kept it: {@link DirectoryScan#withPixels}).
 *
 * @param files in the same order as {@code headers}
 */
public record DicomSeries(String seriesInstanceUid, List<Path> files, List<DicomDataset> headers) {
  public DicomSeries {
    files = List.copyOf(files);
    headers = List.copyOf(headers);
    if (files.isEmpty() || files.size() != headers.size()) {
      throw new IllegalArgumentException("a series needs one header per file, at least one file");
    }
  }

  /** A representative header: the first file's. */
  public DicomDataset firstHeader() {
    return headers.get(0);
  }
}
