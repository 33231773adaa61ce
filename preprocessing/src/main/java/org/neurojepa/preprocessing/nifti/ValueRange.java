package org.neurojepa.preprocessing.nifti;

import java.util.stream.IntStream;

/**
 * What decides how voxel values can be stored: the smallest and largest finite value, whether
 * every finite value is a whole number, and whether every value is finite. Computed in chunks on
 * the common pool, with plain comparisons: it runs over every voxel of a volume, often in a JVM
 * that has only the client compiler, which does not intrinsify Math.min, max or rint.
 *
 * @param min the smallest finite value; +∞ when there is none
 * @param max the largest finite value; −∞ when there is none
 */
record ValueRange(float min, float max, boolean whole, boolean finite) {
  private static final int CHUNK = 1 << 16;
  private static final ValueRange EMPTY = new ValueRange(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, true, true);

  static ValueRange of(float[] v) {
    int chunks = (v.length + CHUNK - 1) / CHUNK;
    return IntStream.range(0, chunks).parallel()
        .mapToObj(c -> of(v, c * CHUNK, Math.min(v.length, (c + 1) * CHUNK)))
        .reduce(EMPTY, ValueRange::merge);
  }

  private static ValueRange of(float[] v, int from, int to) {
    float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
    boolean whole = true, finite = true;
    for (int k = from; k < to; k++) {
      float f = v[k];
      if (f >= -Float.MAX_VALUE && f <= Float.MAX_VALUE) {
        if (f < min) {
          min = f;
        }
        if (f > max) {
          max = f;
        }
        // below 2^23 in magnitude the int cast is exact; from there on every float is whole
        whole &= (float) (int) f == f || f >= 0x1p23f || f <= -0x1p23f;
      } else {
        finite = false;
      }
    }
    return new ValueRange(min, max, whole, finite);
  }

  private ValueRange merge(ValueRange o) {
    return new ValueRange(Math.min(min, o.min), Math.max(max, o.max), whole && o.whole, finite && o.finite);
  }

  /** Whether there is at least one finite value. */
  boolean hasFinite() {
    return min <= max;
  }
}
