package org.neurojepa.pacs.internal.file;

import java.nio.file.Path;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomFileException;
import org.neurojepa.pacs.file.DicomFileException.Reason;
import org.neurojepa.pacs.file.DicomTag;

/** The Image Pixel module of a grey-scale image, checked, and how to unpack one stored value. */
record PixelFormat(int rows, int columns, int frames, int bitsAllocated, int bitsStored, int highBit, boolean signed) {

  static PixelFormat of(Path file, DicomDataset h) throws DicomFileException {
    int rows = h.intValue(DicomTag.ROWS).orElse(0);
    int columns = h.intValue(DicomTag.COLUMNS).orElse(0);
    int frames = h.intValue(DicomTag.NUMBER_OF_FRAMES).orElse(1);
    int samples = h.intValue(DicomTag.SAMPLES_PER_PIXEL).orElse(1);
    int bitsAllocated = h.intValue(DicomTag.BITS_ALLOCATED).orElse(0);
    int bitsStored = h.intValue(DicomTag.BITS_STORED).orElse(bitsAllocated);
    int highBit = h.intValue(DicomTag.HIGH_BIT).orElse(bitsStored - 1);
    boolean signed = h.intValue(DicomTag.PIXEL_REPRESENTATION).orElse(0) == 1;
    if (rows <= 0 || columns <= 0 || frames <= 0) {
      throw new DicomFileException(Reason.MALFORMED, file,
          "image dimensions missing or invalid: rows " + rows + ", columns " + columns + ", frames " + frames);
    }
    if (samples != 1) {
      throw new DicomFileException(Reason.UNSUPPORTED_PIXEL_FORMAT, file,
          samples + " samples per pixel (" + h.string(DicomTag.PHOTOMETRIC_INTERPRETATION).orElse("?")
              + "); only grey-scale images are read");
    }
    if (bitsAllocated != 8 && bitsAllocated != 16) {
      throw new DicomFileException(Reason.UNSUPPORTED_PIXEL_FORMAT, file,
          bitsAllocated + " bits allocated; only 8 and 16 are read");
    }
    if (bitsStored <= 0 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
      throw new DicomFileException(Reason.MALFORMED, file,
          "bits stored " + bitsStored + " / high bit " + highBit + " do not fit " + bitsAllocated + " bits allocated");
    }
    Math.multiplyExact(Math.multiplyExact(rows, columns), frames);
    return new PixelFormat(rows, columns, frames, bitsAllocated, bitsStored, highBit, signed);
  }

  int count() {
    return rows * columns * frames;
  }

  /** The stored value in a pixel cell: bits below the high bit, sign-extended when signed. */
  int extract(int word) {
    int v = (word >>> (highBit + 1 - bitsStored)) & ((1 << bitsStored) - 1);
    if (signed && (v & (1 << (bitsStored - 1))) != 0) {
      v -= 1 << bitsStored;
    }
    return v;
  }
}
