package org.neurojepa.pacs.file;

import java.nio.file.Path;
import org.neurojepa.pacs.internal.file.PixelMedFileReader;

/** Reads DICOM Part 10 files (or bare data sets) from disk. */
public final class DicomFile {
  private DicomFile() {}

  /**
   * Reads a whole image file, pixel data decoded.
   *
   * @throws DicomFileException not DICOM, truncated, without pixel data, or pixel data we cannot
   *     decode (the reason names the transfer syntax)
   */
  public static DicomDataset read(Path file) throws DicomFileException {
    return PixelMedFileReader.read(file, true);
  }

  /** Reads the header only, stopping at the pixel data; works for any transfer syntax. */
  public static DicomDataset readHeader(Path file) throws DicomFileException {
    return PixelMedFileReader.read(file, false);
  }
}
