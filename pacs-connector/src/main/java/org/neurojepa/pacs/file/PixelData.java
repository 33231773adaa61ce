package org.neurojepa.pacs.file;

/**
 * Grey-scale pixel values of an image, all frames, as stored (before rescale). Frame {@code f},
 * row {@code r}, column {@code c} is pixel {@code f * rows * columns + r * columns + c}.
 *
 * <p>Values are either held decoded or decoded on demand from the file's little-endian bytes, which
 * saves a pass and an array the size of the image when a series is turned into a volume.
 */
public final class PixelData {
  private final int rows;
  private final int columns;
  private final int frames;
  private final int bitsAllocated;
  private final int bitsStored;
  private final int highBit;
  private final boolean signed;
  private final int[] stored;
  private final byte[] bytes;
  private final int offset;

  /** Pixels already decoded into stored values (sign extended). */
  public PixelData(int rows, int columns, int frames, int bitsStored, boolean signed, int[] stored) {
    this(rows, columns, frames, 32, bitsStored, bitsStored - 1, signed, stored, null, 0);
    if ((long) rows * columns * frames != stored.length) {
      throw new IllegalArgumentException(
          "pixel data " + rows + "×" + columns + "×" + frames + " needs " + ((long) rows * columns * frames)
              + " values, got " + stored.length);
    }
  }

  private PixelData(int rows, int columns, int frames, int bitsAllocated, int bitsStored, int highBit, boolean signed,
      int[] stored, byte[] bytes, int offset) {
    if (rows <= 0 || columns <= 0 || frames <= 0) {
      throw new IllegalArgumentException("pixel data dimensions must be positive: " + rows + "×" + columns + "×" + frames);
    }
    if (bitsStored <= 0 || bitsStored > 16 && stored == null || highBit < bitsStored - 1) {
      throw new IllegalArgumentException("bits stored " + bitsStored + ", high bit " + highBit);
    }
    this.rows = rows;
    this.columns = columns;
    this.frames = frames;
    this.bitsAllocated = bitsAllocated;
    this.bitsStored = bitsStored;
    this.highBit = highBit;
    this.signed = signed;
    this.stored = stored;
    this.bytes = bytes;
    this.offset = offset;
  }

  /**
   * Pixels left in native little-endian encoding in {@code bytes} from {@code offset}, 8 or 16 bits
   * allocated; the array is kept, not copied, and must not change.
   */
  public static PixelData littleEndian(int rows, int columns, int frames, int bitsAllocated, int bitsStored,
      int highBit, boolean signed, byte[] bytes, int offset) {
    if (bitsAllocated != 8 && bitsAllocated != 16 || highBit >= bitsAllocated) {
      throw new IllegalArgumentException("bits allocated " + bitsAllocated + ", high bit " + highBit);
    }
    long needed = (long) rows * columns * frames * (bitsAllocated / 8);
    if (offset < 0 || offset + needed > bytes.length) {
      throw new IllegalArgumentException("pixel data needs " + needed + " bytes from " + offset + ", has "
          + (bytes.length - offset));
    }
    return new PixelData(rows, columns, frames, bitsAllocated, bitsStored, highBit, signed, null, bytes, offset);
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  public int frames() {
    return frames;
  }

  public int bitsStored() {
    return bitsStored;
  }

  public boolean signed() {
    return signed;
  }

  public int framePixelCount() {
    return rows * columns;
  }

  /** The stored value (sign already extended) of one pixel. */
  public int stored(int frame, int row, int column) {
    checkFrame(frame);
    return value((frame * rows + row) * columns + column);
  }

  /** Copies one frame's stored values, row by row, into {@code target} at {@code offset}. */
  public void copyFrame(int frame, int[] target, int at) {
    checkFrame(frame);
    int n = rows * columns;
    int base = frame * n;
    for (int p = 0; p < n; p++) {
      target[at + p] = value(base + p);
    }
  }

  /**
   * One frame in physical values: {@code stored × slope + intercept}, computed in double and then
   * rounded to float.
   */
  public float[] frame(int frame, double slope, double intercept) {
    float[] out = new float[rows * columns];
    writeFrame(frame, slope, intercept, out, 0);
    return out;
  }

  /** As {@link #frame}, written into {@code target} from {@code at} on. */
  public void writeFrame(int frame, double slope, double intercept, float[] target, int at) {
    checkFrame(frame);
    int n = rows * columns;
    int base = frame * n;
    if (bytes != null && bitsAllocated == 16 && bitsStored == 16) {
      // The common case, without bit fiddling: whole 16-bit words.
      for (int p = 0, q = offset + 2 * base; p < n; p++, q += 2) {
        int word = (bytes[q] & 0xFF) | (bytes[q + 1] & 0xFF) << 8;
        int v = signed ? (short) word : word;
        target[at + p] = (float) (v * slope + intercept);
      }
      return;
    }
    for (int p = 0; p < n; p++) {
      target[at + p] = (float) (value(base + p) * slope + intercept);
    }
  }

  private int value(int index) {
    if (stored != null) {
      return stored[index];
    }
    int word = bitsAllocated == 16
        ? (bytes[offset + 2 * index] & 0xFF) | (bytes[offset + 2 * index + 1] & 0xFF) << 8
        : bytes[offset + index] & 0xFF;
    int v = (word >>> (highBit + 1 - bitsStored)) & ((1 << bitsStored) - 1);
    if (signed && (v & (1 << (bitsStored - 1))) != 0) {
      v -= 1 << bitsStored;
    }
    return v;
  }

  private void checkFrame(int frame) {
    if (frame < 0 || frame >= frames) {
      throw new IndexOutOfBoundsException("frame " + frame + " of " + frames);
    }
  }
}
