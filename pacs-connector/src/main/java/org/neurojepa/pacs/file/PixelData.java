package org.neurojepa.pacs.file;

/**
 * Decoded grey-scale pixel values of an image, all frames, as stored (before rescale). Frame
 * {@code f}, row {@code r}, column {@code c} is at {@code f * rows * columns + r * columns + c}.
 */
public final class PixelData {
  private final int rows;
  private final int columns;
  private final int frames;
  private final int bitsStored;
  private final boolean signed;
  private final int[] stored;

  public PixelData(int rows, int columns, int frames, int bitsStored, boolean signed, int[] stored) {
    if (rows <= 0 || columns <= 0 || frames <= 0) {
      throw new IllegalArgumentException("pixel data dimensions must be positive: " + rows + "×" + columns + "×" + frames);
    }
    if ((long) rows * columns * frames != stored.length) {
      throw new IllegalArgumentException(
          "pixel data " + rows + "×" + columns + "×" + frames + " needs " + ((long) rows * columns * frames)
              + " values, got " + stored.length);
    }
    this.rows = rows;
    this.columns = columns;
    this.frames = frames;
    this.bitsStored = bitsStored;
    this.signed = signed;
    this.stored = stored;
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
    return stored[(frame * rows + row) * columns + column];
  }

  /** Copies one frame's stored values, row by row, into {@code target} at {@code offset}. */
  public void copyFrame(int frame, int[] target, int offset) {
    System.arraycopy(stored, frame * rows * columns, target, offset, rows * columns);
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

  /** As {@link #frame}, written into {@code target} from {@code offset} on. */
  public void writeFrame(int frame, double slope, double intercept, float[] target, int offset) {
    if (frame < 0 || frame >= frames) {
      throw new IndexOutOfBoundsException("frame " + frame + " of " + frames);
    }
    int n = rows * columns;
    int base = frame * n;
    for (int p = 0; p < n; p++) {
      target[offset + p] = (float) (stored[base + p] * slope + intercept);
    }
  }
}
