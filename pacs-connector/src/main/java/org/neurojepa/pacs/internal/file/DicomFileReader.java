package org.neurojepa.pacs.internal.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomFileException;
import org.neurojepa.pacs.file.DicomFileException.Reason;
import org.neurojepa.pacs.file.PixelData;

/**
 * Reads a DICOM file: little-endian files with our own parser, anything else (big endian,
 * deflated) with PixelMed. Pixel data must be native; compressed pixel data is refused by name.
 */
public final class DicomFileReader {
  private DicomFileReader() {}

  public static DicomDataset read(Path file, boolean withPixels) throws DicomFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DicomFileException(Reason.NOT_DICOM, file, "no such file", e);
    } catch (IOException e) {
      throw new DicomFileException(Reason.MALFORMED, file, "cannot read: " + e, e);
    }
    checkLooksLikeDicom(bytes, file);
    NativeDicomParser.Parsed parsed;
    try {
      parsed = NativeDicomParser.parse(bytes, file);
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new DicomFileException(Reason.TRUNCATED, file, "file ends inside a data element", e);
    }
    if (parsed == null) {
      return PixelMedFileReader.read(file, withPixels);
    }
    DicomDataset header = new DicomDataset(parsed.elements(), parsed.transferSyntax(), null);
    if (!withPixels) {
      return header;
    }
    if (parsed.pixelOffset() < 0) {
      throw new DicomFileException(Reason.NO_PIXEL_DATA, file, "no Pixel Data (7FE0,0010)");
    }
    if (parsed.pixelsEncapsulated() || !TransferSyntaxNames.isNative(parsed.transferSyntax())) {
      throw new DicomFileException(Reason.UNSUPPORTED_TRANSFER_SYNTAX, file,
          "pixel data is encoded as " + TransferSyntaxNames.describe(parsed.transferSyntax())
              + "; only uncompressed (native) transfer syntaxes are decoded");
    }
    return new DicomDataset(parsed.elements(), parsed.transferSyntax(),
        pixels(file, header, bytes, parsed.pixelOffset(), parsed.pixelLength()));
  }

  private static PixelData pixels(Path file, DicomDataset h, byte[] b, int offset, long length)
      throws DicomFileException {
    PixelFormat f = PixelFormat.of(file, h);
    long needed = (long) f.count() * (f.bitsAllocated() / 8);
    if (length < needed || offset + needed > b.length) {
      throw new DicomFileException(Reason.TRUNCATED, file, "pixel data holds "
          + Math.min(length, b.length - offset) + " of the " + needed + " bytes that "
          + f.rows() + "×" + f.columns() + "×" + f.frames() + " pixels of " + f.bitsAllocated() + " bits need");
    }
    return PixelData.littleEndian(f.rows(), f.columns(), f.frames(), f.bitsAllocated(), f.bitsStored(), f.highBit(),
        f.signed(), b, offset);
  }

  /**
   * Arbitrary bytes would parse as a few nonsense implicit-VR elements. Require a DICM preamble or
   * a first tag in group 0002 or 0008.
   */
  static void checkLooksLikeDicom(byte[] head, Path file) throws DicomFileException {
    int n = head.length;
    if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
      return;
    }
    if (n >= 8) {
      int groupLe = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
      int groupBe = (head[1] & 0xFF) | (head[0] & 0xFF) << 8;
      if (groupLe == 0x0002 || groupLe == 0x0008 || groupBe == 0x0008) {
        return;
      }
    }
    throw new DicomFileException(Reason.NOT_DICOM, file,
        n == 0 ? "empty file" : "no DICM preamble and no DICOM data element at the start");
  }
}
