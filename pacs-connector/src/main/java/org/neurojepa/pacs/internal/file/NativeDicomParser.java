package org.neurojepa.pacs.internal.file;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurojepa.pacs.file.DicomDataset;
import org.neurojepa.pacs.file.DicomFileException;
import org.neurojepa.pacs.file.DicomFileException.Reason;
import org.neurojepa.pacs.file.DicomTag;

/**
 * A small reader for little-endian DICOM (implicit and explicit VR, the encodings nearly every MR
 * file on disk uses), fast enough that converting a series costs about what dcm2niix does. It
 * keeps what {@link DicomDataset} holds: text, binary numbers, sequences and the pixel data's
 * place. Big-endian and deflated files are left to PixelMed ({@link #parse} returns null).
 */
final class NativeDicomParser {
  static final String IMPLICIT_LE = "1.2.840.10008.1.2";
  static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

  private static final Set<String> TEXT_VRS =
      Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UI", "UT", "UC", "UR");
  /** Explicit VRs with a 2-byte reserved field and a 4-byte length. */
  private static final Set<String> LONG_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  private static final int ITEM = 0xFFFEE000;
  private static final int ITEM_END = 0xFFFEE00D;
  private static final int SEQUENCE_END = 0xFFFEE0DD;
  private static final long UNDEFINED = 0xFFFFFFFFL;

  /** What a parse found: the elements, the transfer syntax and where the pixel data lies. */
  record Parsed(Map<Integer, Object> elements, String transferSyntax, int pixelOffset, long pixelLength,
      boolean pixelsEncapsulated) {}

  private final byte[] b;
  private final Path file;
  private boolean explicit;
  private Charset charset = StandardCharsets.ISO_8859_1;
  private int pixelOffset = -1;
  private long pixelLength;
  private boolean encapsulated;

  private NativeDicomParser(byte[] bytes, Path file) {
    this.b = bytes;
    this.file = file;
  }

  /** Parses the file's bytes; null when the encoding is one we leave to PixelMed. */
  static Parsed parse(byte[] bytes, Path file) throws DicomFileException {
    return new NativeDicomParser(bytes, file).run();
  }

  private Parsed run() throws DicomFileException {
    int pos = 0;
    String syntax = "";
    Map<Integer, Object> elements = new HashMap<>();
    if (b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
      pos = 132;
      explicit = true;
      // File meta information: always explicit VR little endian, group 0002.
      while (pos + 8 <= b.length && u16(pos) == 0x0002) {
        pos = element(pos, elements, b.length, true);
      }
      Object ts = elements.get(0x00020010);
      syntax = ts instanceof String[] s && s.length > 0 ? s[0] : "";
      if (syntax.isEmpty()) {
        throw new DicomFileException(Reason.MALFORMED, file, "file meta information has no TransferSyntaxUID");
      }
    } else {
      // No preamble: a bare data set, explicit if a VR follows the first tag.
      syntax = b.length >= 6 && Character.isUpperCase(b[4]) && Character.isUpperCase(b[5]) ? EXPLICIT_LE : IMPLICIT_LE;
    }
    if (syntax.equals("1.2.840.10008.1.2.2") || syntax.equals("1.2.840.10008.1.2.1.99")) {
      return null;
    }
    explicit = !syntax.equals(IMPLICIT_LE);
    while (pos < b.length) {
      if (pos + 8 > b.length) {
        throw truncated(pos);
      }
      int tag = tag(pos);
      if (tag == DicomTag.PIXEL_DATA) {
        pixel(pos);
        break;
      }
      pos = element(pos, elements, b.length, false);
    }
    return new Parsed(elements, syntax, pixelOffset, pixelLength, encapsulated);
  }

  /** Notes where the pixel data lies; does not read past its header. */
  private void pixel(int pos) throws DicomFileException {
    int header = explicit ? 12 : 8;
    if (pos + header > b.length) {
      throw truncated(pos);
    }
    long length = explicit ? u32(pos + 8) : u32(pos + 4);
    pixelOffset = pos + header;
    encapsulated = length == UNDEFINED;
    pixelLength = encapsulated ? b.length - pixelOffset : length;
  }

  /** Reads one element at {@code pos} into {@code out}; returns the position after it. */
  private int element(int pos, Map<Integer, Object> out, int end, boolean meta) throws DicomFileException {
    int tag = tag(pos);
    String vr;
    long length;
    int value;
    if (explicit || meta) {
      if (pos + 8 > end) {
        throw truncated(pos);
      }
      vr = new String(b, pos + 4, 2, StandardCharsets.ISO_8859_1);
      if (LONG_VRS.contains(vr)) {
        if (pos + 12 > end) {
          throw truncated(pos);
        }
        length = u32(pos + 8);
        value = pos + 12;
      } else if (Character.isUpperCase(vr.charAt(0)) && Character.isUpperCase(vr.charAt(1))) {
        length = u16(pos + 6);
        value = pos + 8;
      } else {
        throw new DicomFileException(Reason.MALFORMED, file,
            "element " + DicomTag.toString(tag) + " at byte " + pos + " has no valid VR");
      }
    } else {
      vr = ImplicitVr.of(tag);
      length = u32(pos + 4);
      value = pos + 8;
    }
    if (length == UNDEFINED && tag == DicomTag.PIXEL_DATA) {
      return skipFragments(value, end); // an icon's encapsulated pixels inside a sequence item
    }
    if (length == UNDEFINED) {
      if (vr != null && !vr.equals("SQ") && !vr.equals("UN")) {
        throw new DicomFileException(Reason.MALFORMED, file,
            "element " + DicomTag.toString(tag) + " (" + vr + ") has undefined length");
      }
      List<DicomDataset> items = new ArrayList<>();
      boolean wasExplicit = explicit;
      // UN of undefined length is a sequence encoded in implicit VR, whatever the file's syntax.
      explicit = explicit && !"UN".equals(vr);
      try {
        int next = sequence(value, end, items, true);
        out.put(tag, items);
        return next;
      } finally {
        explicit = wasExplicit;
      }
    }
    if (value + length > end) {
      throw truncated(pos);
    }
    int valueEnd = (int) (value + length);
    if ((tag & 0xFFFF) == 0 || tag == DicomTag.PIXEL_DATA) {
      return valueEnd; // group lengths say nothing we need
    }
    if (vr == null) {
      vr = guessVr(value, valueEnd);
    }
    switch (vr) {
      case "SQ" -> {
        List<DicomDataset> items = new ArrayList<>();
        sequence(value, valueEnd, items, false);
        out.put(tag, items);
      }
      case "US" -> out.put(tag, numbers(value, valueEnd, 2, false, false));
      case "SS" -> out.put(tag, numbers(value, valueEnd, 2, true, false));
      case "UL" -> out.put(tag, numbers(value, valueEnd, 4, false, false));
      case "SL" -> out.put(tag, numbers(value, valueEnd, 4, true, false));
      case "FL" -> out.put(tag, numbers(value, valueEnd, 4, true, true));
      case "FD" -> out.put(tag, numbers(value, valueEnd, 8, true, true));
      default -> {
        if (TEXT_VRS.contains(vr)) {
          String[] values = text(value, valueEnd, vr);
          out.put(tag, values);
          if (tag == 0x00080005) {
            charset = charsetOf(values);
          }
        }
      }
    }
    return valueEnd;
  }

  /** Items of a sequence from {@code pos}; returns the position after the sequence. */
  private int sequence(int pos, int end, List<DicomDataset> items, boolean undefinedLength)
      throws DicomFileException {
    while (pos < end) {
      if (pos + 8 > end) {
        throw truncated(pos);
      }
      int tag = tag(pos);
      long length = u32(pos + 4);
      pos += 8;
      if (tag == SEQUENCE_END) {
        return pos;
      }
      if (tag != ITEM) {
        throw new DicomFileException(Reason.MALFORMED, file,
            "expected a sequence item at byte " + (pos - 8) + ", found " + DicomTag.toString(tag));
      }
      Map<Integer, Object> item = new HashMap<>();
      if (length == UNDEFINED) {
        while (true) {
          if (pos + 8 > end) {
            throw truncated(pos);
          }
          if (tag(pos) == ITEM_END) {
            pos += 8;
            break;
          }
          pos = element(pos, item, end, false);
        }
      } else {
        int itemEnd = (int) (pos + length);
        if (itemEnd > end) {
          throw truncated(pos);
        }
        while (pos < itemEnd) {
          pos = element(pos, item, itemEnd, false);
        }
      }
      items.add(new DicomDataset(item, "", null));
    }
    if (undefinedLength) {
      throw truncated(pos);
    }
    return pos;
  }

  private int skipFragments(int pos, int end) throws DicomFileException {
    while (true) {
      if (pos + 8 > end) {
        throw truncated(pos);
      }
      int tag = tag(pos);
      long length = u32(pos + 4);
      pos += 8;
      if (tag == SEQUENCE_END) {
        return pos;
      }
      if (tag != ITEM || pos + length > end) {
        throw truncated(pos);
      }
      pos += (int) length;
    }
  }

  /** Implicit VR and not in our table: a sequence if it holds an item, text if printable. */
  private String guessVr(int value, int valueEnd) {
    if (valueEnd - value >= 8 && tag(value) == ITEM) {
      return "SQ";
    }
    for (int p = value; p < valueEnd; p++) {
      int c = b[p] & 0xFF;
      if (c < 0x20 && c != 0 && c != '\t' && c != '\n' && c != '\r' && c != 0x1B || c == 0x7F) {
        return "OB";
      }
    }
    return "LO";
  }

  private String[] text(int from, int to, String vr) {
    String s = new String(b, from, to - from,
        vr.equals("UI") || vr.equals("CS") || vr.equals("DS") || vr.equals("IS") ? StandardCharsets.ISO_8859_1 : charset);
    boolean single = vr.equals("LT") || vr.equals("ST") || vr.equals("UT") || vr.equals("UR");
    String[] parts = single ? new String[] {s} : s.split("\\\\", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].replace("\0", "").strip();
    }
    if (parts.length == 1 && parts[0].isEmpty()) {
      return new String[0];
    }
    return parts;
  }

  private double[] numbers(int from, int to, int size, boolean signed, boolean floating) {
    int n = (to - from) / size;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int p = from + i * size;
      if (floating) {
        out[i] = size == 4 ? Float.intBitsToFloat((int) u32(p)) : Double.longBitsToDouble(u32(p) | u32(p + 4) << 32);
      } else if (size == 2) {
        out[i] = signed ? (short) u16(p) : u16(p);
      } else {
        out[i] = signed ? (int) u32(p) : u32(p);
      }
    }
    return out;
  }

  private static Charset charsetOf(String[] specificCharacterSet) {
    for (String s : specificCharacterSet) {
      if (s.equals("ISO_IR 192")) {
        return StandardCharsets.UTF_8;
      }
    }
    return StandardCharsets.ISO_8859_1;
  }

  private DicomFileException truncated(int pos) {
    return new DicomFileException(Reason.TRUNCATED, file,
        "file ends inside a data element (at byte " + pos + " of " + b.length + ")");
  }

  private int tag(int p) {
    return u16(p) << 16 | u16(p + 2);
  }

  private int u16(int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
  }

  private long u32(int p) {
    return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
  }

}
