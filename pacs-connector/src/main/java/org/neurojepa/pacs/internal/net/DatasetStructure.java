package org.neurojepa.pacs.internal.net;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Walks a Part 10 file's data set element by element and checks that every declared length fits
 * and that the data set ends on an element boundary. PixelMed's parser stops quietly at a premature
 * end of data (a truncated Pixel Data value reads as if complete), so this is what catches a
 * truncated or corrupted instance before it is acknowledged.
 */
public final class DatasetStructure {
  private static final Set<String> LONG_LENGTH_VRS =
      Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final int ITEM = 0xFFFEE000;
  private static final int ITEM_DELIMITATION = 0xFFFEE00D;
  private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
  private static final int PIXEL_DATA = 0x7FE00010;
  private static final int MAX_DEPTH = 64;

  private final InputStream in;
  private final boolean explicit;
  private final boolean bigEndian;
  private long position;

  private DatasetStructure(InputStream in, boolean explicit, boolean bigEndian) {
    this.in = in;
    this.explicit = explicit;
    this.bigEndian = bigEndian;
  }

  /** Checks the data set of {@code file}, whose file meta information starts with a group length. */
  public static void verify(Path file, String transferSyntaxUid) throws MalformedDicomException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      verify(raw, transferSyntaxUid);
    } catch (IOException e) {
      throw new MalformedDicomException("the data set cannot be read: " + e, e);
    }
  }

  /** Checks the data set of a Part 10 file held in memory (the first {@code length} bytes of {@code part10}). */
  public static void verify(byte[] part10, int length, String transferSyntaxUid) throws MalformedDicomException {
    verify(new UnsynchronizedInput(part10, length), transferSyntaxUid);
  }

  private static void verify(InputStream raw, String transferSyntaxUid) throws MalformedDicomException {
    try {
      byte[] head = raw.readNBytes(144);
      if (head.length < 144 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M'
          || head[132] != 2 || head[133] != 0 || head[134] != 0 || head[135] != 0) {
        throw new MalformedDicomException("no DICM marker and meta group length", null);
      }
      long metaLength = (head[140] & 0xFFL) | (head[141] & 0xFFL) << 8 | (head[142] & 0xFFL) << 16 | (head[143] & 0xFFL) << 24;
      raw.skipNBytes(metaLength);
      InputStream data = raw;
      boolean explicit = true;
      boolean bigEndian = false;
      switch (transferSyntaxUid) {
        case "1.2.840.10008.1.2" -> explicit = false;
        case "1.2.840.10008.1.2.2" -> bigEndian = true;
        case "1.2.840.10008.1.2.1.99" -> data = new InflaterInputStream(raw, new Inflater(true), 1 << 16);
        default -> { }
      }
      new DatasetStructure(data, explicit, bigEndian).dataset(-1, 0);
    } catch (EOFException e) {
      throw new MalformedDicomException("the data set is truncated: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MalformedDicomException("the data set cannot be read: " + e, e);
    }
  }

  /** Reads elements until {@code end} (a position) or, when end is -1, until an item delimiter or EOF. */
  private void dataset(long end, int depth) throws IOException, MalformedDicomException {
    if (depth > MAX_DEPTH) {
      throw new MalformedDicomException("sequences nested deeper than " + MAX_DEPTH, null);
    }
    while (end < 0 || position < end) {
      int b0 = in.read();
      if (b0 < 0) {
        if (depth == 0 && end < 0) {
          return;
        }
        throw new EOFException("inside a sequence item at byte " + position);
      }
      position++;
      int tag = tag(b0);
      if (tag == ITEM_DELIMITATION) {
        length32();
        if (end >= 0 || depth == 0) {
          throw new MalformedDicomException("unexpected item delimiter at byte " + position, null);
        }
        return;
      }
      String vr = null;
      long length;
      if (explicit && (tag >>> 16) != 0xFFFE) {
        vr = new String(new byte[] {(byte) readByte(), (byte) readByte()}, java.nio.charset.StandardCharsets.US_ASCII);
        if (LONG_LENGTH_VRS.contains(vr)) {
          readByte();
          readByte();
          length = length32();
        } else {
          length = length16();
        }
      } else {
        length = length32();
      }
      if (length == UNDEFINED) {
        boolean implicitUn = "UN".equals(vr);
        if (tag == PIXEL_DATA && explicit) {
          fragments();
        } else if (vr == null || vr.equals("SQ") || implicitUn) {
          items(depth, implicitUn);
        } else {
          throw new MalformedDicomException(String.format("undefined length on (%04X,%04X) %s", tag >>> 16, tag & 0xFFFF, vr), null);
        }
      } else {
        skip(length, tag);
      }
    }
    if (position != end) {
      throw new MalformedDicomException("an element runs past the end of its item at byte " + position, null);
    }
  }

  private void items(int depth, boolean implicitLittleEndian) throws IOException, MalformedDicomException {
    DatasetStructure inner = implicitLittleEndian && (explicit || bigEndian)
        ? new DatasetStructure(in, false, false) : this;
    while (true) {
      int tag = tag(readByte());
      long length = length32();
      if (tag == SEQUENCE_DELIMITATION) {
        return;
      }
      if (tag != ITEM) {
        throw new MalformedDicomException(String.format("expected an item, got (%04X,%04X)", tag >>> 16, tag & 0xFFFF), null);
      }
      inner.position = position;
      inner.dataset(length == UNDEFINED ? -1 : position + length, depth + 1);
      position = inner.position;
    }
  }

  private void fragments() throws IOException, MalformedDicomException {
    while (true) {
      int tag = tag(readByte());
      long length = length32();
      if (tag == SEQUENCE_DELIMITATION) {
        return;
      }
      if (tag != ITEM || length == UNDEFINED) {
        throw new MalformedDicomException("malformed encapsulated pixel data at byte " + position, null);
      }
      skip(length, tag);
    }
  }

  private int tag(int firstByte) throws IOException {
    int b1 = readByte();
    int b2 = readByte();
    int b3 = readByte();
    int group = bigEndian ? (firstByte << 8 | b1) : (b1 << 8 | firstByte);
    int element = bigEndian ? (b2 << 8 | b3) : (b3 << 8 | b2);
    return (group & 0xFFFF) << 16 | (element & 0xFFFF);
  }

  private long length16() throws IOException {
    int a = readByte();
    int b = readByte();
    return bigEndian ? (a << 8 | b) : (b << 8 | a);
  }

  private long length32() throws IOException {
    long a = readByte();
    long b = readByte();
    long c = readByte();
    long d = readByte();
    return bigEndian ? (a << 24 | b << 16 | c << 8 | d) : (d << 24 | c << 16 | b << 8 | a);
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("at byte " + position + " of the data set");
    }
    position++;
    return b;
  }

  private void skip(long length, int tag) throws IOException {
    try {
      in.skipNBytes(length);
    } catch (EOFException e) {
      throw new EOFException(String.format("value of (%04X,%04X) declares %d bytes past the end of the data",
          tag >>> 16, tag & 0xFFFF, length));
    }
    position += length;
  }
}
