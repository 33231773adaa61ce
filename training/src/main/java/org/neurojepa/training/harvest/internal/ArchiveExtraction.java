package org.neurojepa.training.harvest.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a series archive (Orthanc's {@code /series/{id}/archive}) into one flat folder. The
 * entries' own paths are not used: Orthanc names its folders after the patient, and a path is no
 * business of ours to trust ("../" and the like); the files are numbered instead.
 */
public final class ArchiveExtraction {
  private ArchiveExtraction() {}

  /** Writes every file entry of {@code zip} to {@code dir} as {@code 00001.dcm} …; returns how many. */
  public static int unpack(Path zip, Path dir) throws IOException {
    Files.createDirectories(dir);
    int n = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.isDirectory()) {
          continue;
        }
        n++;
        // reads to the end of this entry only, and leaves the stream open for the next
        Files.copy(in, dir.resolve(String.format(Locale.ROOT, "%05d.dcm", n)));
      }
    }
    return n;
  }
}
