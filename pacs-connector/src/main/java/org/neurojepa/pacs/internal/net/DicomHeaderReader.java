package org.neurojepa.pacs.internal.net;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Reads a DICOM Part 10 file's header with PixelMed. */
public final class DicomHeaderReader {
  private DicomHeaderReader() {}

  /**
   * Reads the file meta information and the data set; {@code whole} reads to the end (pixel data
   * included) so that a truncated or corrupt data set is caught, otherwise it stops at Pixel Data.
   */
  public static DicomHeader read(Path file, boolean whole) throws MalformedDicomException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return read(in, file.getFileName().toString(), whole);
    } catch (IOException e) {
      throw new MalformedDicomException("the data set cannot be parsed: " + e, e);
    }
  }

  /** Reads the header (up to Pixel Data) of a Part 10 file held in memory. */
  public static DicomHeader read(byte[] part10, int length) throws MalformedDicomException {
    return read(new UnsynchronizedInput(part10, length), "the instance", false);
  }

  private static DicomHeader read(InputStream in, String name, boolean whole) throws MalformedDicomException {
    AttributeList list = new AttributeList();
    try (DicomInputStream din = new DicomInputStream(in)) {
      if (!din.haveMetaHeader()) {
        throw new MalformedDicomException(name + " has no DICOM file meta information", null);
      }
      if (whole) {
        list.read(din);
      } else {
        list.read(din, TagFromName.PixelData);
      }
    } catch (IOException | DicomException | RuntimeException e) {
      throw new MalformedDicomException("the data set cannot be parsed: " + e, e);
    }
    String seriesNumber = string(list, TagFromName.SeriesNumber);
    OptionalInt number = OptionalInt.empty();
    try {
      if (!seriesNumber.isEmpty()) {
        number = OptionalInt.of(Integer.parseInt(seriesNumber.trim()));
      }
    } catch (NumberFormatException notAnInteger) {
      // an IS value that is not an integer is kept out of the index, not a reason to refuse
    }
    return new DicomHeader(
        string(list, TagFromName.TransferSyntaxUID),
        string(list, TagFromName.SourceApplicationEntityTitle),
        string(list, TagFromName.SOPClassUID),
        string(list, TagFromName.SOPInstanceUID),
        string(list, TagFromName.StudyInstanceUID),
        string(list, TagFromName.SeriesInstanceUID),
        string(list, TagFromName.PatientID),
        string(list, TagFromName.Modality),
        string(list, TagFromName.SeriesDescription),
        number);
  }

  private static String string(AttributeList list, AttributeTag tag) {
    return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
  }
}
