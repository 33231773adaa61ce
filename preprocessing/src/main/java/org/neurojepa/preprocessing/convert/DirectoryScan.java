package org.neurojepa.preprocessing.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomFile;
import org.neurojepa.pacs.file.DicomFileException;
import org.neurojepa.pacs.file.DicomTag;

/**
 * The DICOM series under a directory, grouped by SeriesInstanceUID, and the files that are not
 * DICOM images with the reason each was skipped.
 */
public record DirectoryScan(List<DicomSeries> series, List<SkippedFile> skipped) {
  /** A file left out of every series. */
  public record SkippedFile(Path file, String reason) {}

  public DirectoryScan {
    series = List.copyOf(series);
    skipped = List.copyOf(skipped);
  }

  /** Reads the header of every regular file under {@code dir} (recursively, in name order). */
  public static DirectoryScan of(Path dir) throws IOException {
    return scan(dir, -1);
  }

  /**
   * As {@link #of}, but when the files under {@code dir} add up to at most {@code budgetBytes},
   * every image that can be decoded keeps its pixel data, so that converting a series found here
   * does not read and parse its files a second time ({@link SeriesConverter#convert}). Over the
   * budget, or for files whose pixels cannot be decoded, only headers are kept, as by {@link #of}.
   */
  public static DirectoryScan withPixels(Path dir, long budgetBytes) throws IOException {
    return scan(dir, Math.max(0, budgetBytes));
  }

  /** {@code budget}: bytes of files up to which pixel data is kept; negative for headers only. */
  private static DirectoryScan scan(Path dir, long budget) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    boolean pixels = budget >= 0 && totalSize(files) <= budget;
    Object[] results = files.parallelStream().map(f -> {
      try {
        if (pixels) {
          try {
            return DicomFile.read(f);
          } catch (DicomFileException e) {
            // not an image we can decode (or not DICOM): the header scan decides what it is
          }
        }
        return DicomFile.readHeader(f);
      } catch (DicomFileException e) {
        return e;
      }
    }).toArray();
    Map<String, List<Integer>> byUid = new LinkedHashMap<>();
    List<SkippedFile> skipped = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (results[i] instanceof DicomFileException e) {
        skipped.add(new SkippedFile(files.get(i), e.reason() + ": " + e.getMessage()));
        continue;
      }
      DicomDataset h = (DicomDataset) results[i];
      String uid = h.string(DicomTag.SERIES_INSTANCE_UID).orElse("");
      if (uid.isEmpty()) {
        skipped.add(new SkippedFile(files.get(i), "no SeriesInstanceUID"));
        continue;
      }
      byUid.computeIfAbsent(uid, u -> new ArrayList<>()).add(i);
    }
    List<DicomSeries> series = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byUid.entrySet()) {
      List<Path> paths = new ArrayList<>();
      List<DicomDataset> headers = new ArrayList<>();
      for (int i : e.getValue()) {
        paths.add(files.get(i));
        headers.add((DicomDataset) results[i]);
      }
      series.add(new DicomSeries(e.getKey(), paths, headers));
    }
    series.sort(Comparator.comparingInt((DicomSeries s) -> s.firstHeader().intValue(DicomTag.SERIES_NUMBER).orElse(0))
        .thenComparing(DicomSeries::seriesInstanceUid));
    return new DirectoryScan(series, skipped);
  }

  private static long totalSize(List<Path> files) {
    long total = 0;
    for (Path f : files) {
      try {
        total += Files.size(f);
      } catch (IOException e) {
        // gone since the walk: reading it will say so
      }
    }
    return total;
  }
}
