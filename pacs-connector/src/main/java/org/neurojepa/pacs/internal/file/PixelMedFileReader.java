package org.neurojepa.pacs.internal.file;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomFileException;
import org.neurojepa.pacs.file.DicomFileException.Reason;
import org.neurojepa.pacs.file.DicomTag;
import org.neurojepa.pacs.file.PixelData;

/** Reads one DICOM file with PixelMed and turns it into our immutable {@link DicomDataset}. */
public final class PixelMedFileReader {
  private static final AttributeTag PIXEL_DATA = new AttributeTag(0x7FE0, 0x0010);
  private static final AttributeTag TRANSFER_SYNTAX = new AttributeTag(0x0002, 0x0010);

  private static final Set<String> TEXT_VRS =
      Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UI", "UT", "UC", "UR", "AT");
  private static final Set<String> NUMBER_VRS = Set.of("US", "SS", "UL", "SL", "FL", "FD", "UV", "SV");

  private PixelMedFileReader() {}

  public static DicomDataset read(Path file, boolean withPixels) throws DicomFileException {
    checkLooksLikeDicom(file);
    AttributeList list = new AttributeList();
    list.setDecompressPixelData(false);
    boolean[] sawPixelData = {false};
    // Stop at the pixel data when we will not decode it: header-only reads, and compressed pixel
    // data, which is refused below with the transfer syntax named.
    AttributeList.ReadTerminationStrategy stopAtPixels = (l, tag, offset) -> {
      if (!tag.equals(PIXEL_DATA)) {
        return false;
      }
      sawPixelData[0] = true;
      return !withPixels || !TransferSyntaxNames.isNative(Attribute.getSingleStringValueOrEmptyString(l, TRANSFER_SYNTAX));
    };
    long size;
    long consumed;
    try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      size = Files.size(file);
      consumed = list.read(in, stopAtPixels);
    } catch (EOFException e) {
      throw new DicomFileException(Reason.TRUNCATED, file, "file ends inside a data element", e);
    } catch (DicomException e) {
      throw new DicomFileException(Reason.MALFORMED, file, String.valueOf(e.getMessage()), e);
    } catch (IOException | RuntimeException e) {
      if (isTruncation(e)) {
        throw new DicomFileException(Reason.TRUNCATED, file, "file ends inside a data element", e);
      }
      throw new DicomFileException(Reason.MALFORMED, file, e.toString(), e);
    }
    // PixelMed logs an element it cannot finish and returns what it read so far.
    if (!sawPixelData[0] && consumed < size) {
      throw new DicomFileException(Reason.TRUNCATED, file,
          "data ends in an incomplete element at byte " + consumed + " of " + size);
    }
    String syntax = Attribute.getSingleStringValueOrEmptyString(list, TRANSFER_SYNTAX);
    Map<Integer, Object> elements = new HashMap<>();
    try {
      copy(list, elements);
    } catch (DicomException e) {
      throw new DicomFileException(Reason.MALFORMED, file, String.valueOf(e.getMessage()), e);
    }
    PixelData pixels = null;
    if (withPixels) {
      if (sawPixelData[0] && !TransferSyntaxNames.isNative(syntax)) {
        throw new DicomFileException(
            Reason.UNSUPPORTED_TRANSFER_SYNTAX, file,
            "pixel data is encoded as " + TransferSyntaxNames.describe(syntax)
                + "; only uncompressed (native) transfer syntaxes are decoded");
      }
      if (sawPixelData[0] && list.get(PIXEL_DATA) == null) {
        throw new DicomFileException(Reason.TRUNCATED, file, "file ends inside the pixel data");
      }
      pixels = pixels(file, list, syntax, new DicomDataset(elements, syntax, null));
    }
    return new DicomDataset(elements, syntax, pixels);
  }

  private static boolean isTruncation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (m.contains("end of file") || m.contains("eof") || m.contains("premature")) {
        return true;
      }
    }
    return false;
  }

  /**
   * PixelMed reads almost anything as implicit VR little endian, so arbitrary bytes would come back
   * as a few nonsense elements. Require a DICM preamble or a first tag in group 0002 or 0008.
   */
  private static void checkLooksLikeDicom(Path file) throws DicomFileException {
    byte[] head = new byte[132];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (NoSuchFileException e) {
      throw new DicomFileException(Reason.NOT_DICOM, file, "no such file", e);
    } catch (IOException e) {
      throw new DicomFileException(Reason.MALFORMED, file, "cannot read: " + e, e);
    }
    if (n == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
      return;
    }
    if (n >= 8) {
      int groupLe = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
      int groupBe = (head[1] & 0xFF) | (head[0] & 0xFF) << 8;
      if (groupLe == 0x0002 || groupLe == 0x0008 || groupBe == 0x0008) {
        return;
      }
    }
    if (n > 0 && n < 132 && n >= 128) {
      throw new DicomFileException(Reason.TRUNCATED, file, "only " + n + " bytes");
    }
    throw new DicomFileException(Reason.NOT_DICOM, file, "no DICM preamble and no DICOM data element at the start");
  }

  private static void copy(AttributeList list, Map<Integer, Object> out) throws DicomException {
    for (Attribute a : list.values()) {
      int tag = a.getGroup() << 16 | a.getElement();
      if (a instanceof SequenceAttribute s) {
        List<DicomDataset> items = new ArrayList<>(s.getNumberOfItems());
        for (Iterator<SequenceItem> it = s.iterator(); it.hasNext(); ) {
          Map<Integer, Object> item = new HashMap<>();
          copy(it.next().getAttributeList(), item);
          items.add(new DicomDataset(item, "", null));
        }
        out.put(tag, items);
        continue;
      }
      String vr = a.getVRAsString();
      if (TEXT_VRS.contains(vr)) {
        String[] values = vr.equals("DS") || vr.equals("IS") ? a.getOriginalStringValues() : a.getStringValues();
        if (values == null) {
          values = new String[0];
        }
        // Values are padded to even length with spaces (UI with NUL); the padding is not data.
        for (int i = 0; i < values.length; i++) {
          values[i] = values[i].strip().replace("\0", "");
        }
        out.put(tag, values);
      } else if (NUMBER_VRS.contains(vr)) {
        double[] values = a.getDoubleValues();
        out.put(tag, values == null ? new double[0] : values);
      }
    }
  }

  private static PixelData pixels(Path file, AttributeList list, String syntax, DicomDataset header)
      throws DicomFileException {
    Attribute data = list.get(PIXEL_DATA);
    if (data == null) {
      throw new DicomFileException(Reason.NO_PIXEL_DATA, file, "no Pixel Data (7FE0,0010)");
    }
    int rows = header.intValue(DicomTag.ROWS).orElse(0);
    int columns = header.intValue(DicomTag.COLUMNS).orElse(0);
    int frames = header.intValue(DicomTag.NUMBER_OF_FRAMES).orElse(1);
    int samples = header.intValue(DicomTag.SAMPLES_PER_PIXEL).orElse(1);
    int bitsAllocated = header.intValue(DicomTag.BITS_ALLOCATED).orElse(0);
    int bitsStored = header.intValue(DicomTag.BITS_STORED).orElse(bitsAllocated);
    int highBit = header.intValue(DicomTag.HIGH_BIT).orElse(bitsStored - 1);
    boolean signed = header.intValue(DicomTag.PIXEL_REPRESENTATION).orElse(0) == 1;
    if (rows <= 0 || columns <= 0 || frames <= 0) {
      throw new DicomFileException(Reason.MALFORMED, file,
          "image dimensions missing or invalid: rows " + rows + ", columns " + columns + ", frames " + frames);
    }
    if (samples != 1) {
      throw new DicomFileException(Reason.UNSUPPORTED_PIXEL_FORMAT, file,
          samples + " samples per pixel (" + header.string(DicomTag.PHOTOMETRIC_INTERPRETATION).orElse("?")
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
    int count = Math.multiplyExact(Math.multiplyExact(rows, columns), frames);
    int[] values = new int[count];
    int shift = highBit + 1 - bitsStored;
    try {
      if (bitsAllocated == 16) {
        short[] raw = data.getShortValues();
        if (raw == null || raw.length < count) {
          throw new DicomFileException(Reason.TRUNCATED, file,
              "pixel data holds " + (raw == null ? 0 : raw.length) + " of " + count + " 16-bit values");
        }
        for (int p = 0; p < count; p++) {
          values[p] = extract(raw[p] & 0xFFFF, shift, bitsStored, signed);
        }
      } else {
        byte[] raw = data.getByteValues();
        if (raw == null || raw.length < count) {
          throw new DicomFileException(Reason.TRUNCATED, file,
              "pixel data holds " + (raw == null ? 0 : raw.length) + " of " + count + " 8-bit values");
        }
        for (int p = 0; p < count; p++) {
          values[p] = extract(raw[p] & 0xFF, shift, bitsStored, signed);
        }
      }
    } catch (DicomException e) {
      throw new DicomFileException(Reason.MALFORMED, file, String.valueOf(e.getMessage()), e);
    }
    return new PixelData(rows, columns, frames, bitsStored, signed, values);
  }

  private static int extract(int word, int shift, int bitsStored, boolean signed) {
    int v = (word >>> shift) & ((1 << bitsStored) - 1);
    if (signed && (v & (1 << (bitsStored - 1))) != 0) {
      v -= 1 << bitsStored;
    }
    return v;
  }
}
