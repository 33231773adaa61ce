package org.neurojepa.preprocessing.internal;

/** Exact order statistics and percentiles without a full sort (quickselect). */
public final class Select {
  private Select() {}

  /**
   * The p-th percentile (0..100) of {@code values} with linear interpolation between order
   * statistics, as numpy's default; {@code values} is not changed.
   */
  public static double percentile(float[] values, double p) {
    float[] a = values.clone();
    double pos = p / 100 * (a.length - 1);
    int lo = (int) Math.floor(pos);
    float low = kth(a, lo);
    if (lo + 1 >= a.length || pos == lo) {
      return low;
    }
    // After selection everything right of lo is ≥ a[lo]: the next order statistic is their minimum.
    float next = Float.POSITIVE_INFINITY;
    for (int k = lo + 1; k < a.length; k++) {
      next = Math.min(next, a[k]);
    }
    return low + (pos - lo) * (next - low);
  }

  /** Rearranges {@code a} so that a[k] is the k-th smallest, smaller ones left, larger ones right. */
  static float kth(float[] a, int k) {
    int left = 0, right = a.length - 1;
    java.util.SplittableRandom random = new java.util.SplittableRandom(k);
    while (right > left) {
      float pivot = a[left + random.nextInt(right - left + 1)];
      // Three-way partition: [left, lt) < pivot, [lt, gt] == pivot, (gt, right] > pivot.
      int lt = left, gt = right, i = left;
      while (i <= gt) {
        float x = a[i];
        if (x < pivot) {
          a[i++] = a[lt];
          a[lt++] = x;
        } else if (x > pivot) {
          a[i] = a[gt];
          a[gt--] = x;
        } else {
          i++;
        }
      }
      if (k < lt) {
        right = lt - 1;
      } else if (k > gt) {
        left = gt + 1;
      } else {
        return a[k];
      }
    }
    return a[k];
  }
}
