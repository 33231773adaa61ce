package org.neurojepa.training.pretrain;

import java.util.Arrays;
import org.neurojepa.model.NeuroJepaConfig;

/**
 * Which tokens of a sample show tissue: the threshold is p2 + 0.1·(p98 − p2) of the sample's
 * intensities, and a patch is foreground when at least 10% of its voxels exceed it.
 */
public final class ForegroundPatches {
  static final double FRACTION = 0.10;

  private ForegroundPatches() {}

  /** Per-token flags, row-major over the token grid, for a volume in model order [D][H][W]. */
  public static boolean[] of(float[] volume, NeuroJepaConfig c) {
    if (volume.length != c.voxels()) {
      throw new IllegalArgumentException("volume has " + volume.length + " voxels, the model takes " + c.voxels());
    }
    float threshold = threshold(volume);
    int p = c.patchSize();
    int gd = c.gridDepth();
    int gh = c.gridHeight();
    int gw = c.gridWidth();
    int h = c.inputHeight();
    int w = c.inputWidth();
    int[] above = new int[gd * gh * gw];
    for (int z = 0; z < c.inputDepth(); z++) {
      for (int y = 0; y < h; y++) {
        int rowBase = (z * h + y) * w;
        int tokenRow = ((z / p) * gh + y / p) * gw;
        for (int x = 0; x < w; x++) {
          if (volume[rowBase + x] > threshold) {
            above[tokenRow + x / p]++;
          }
        }
      }
    }
    double needed = FRACTION * p * p * p;
    boolean[] fg = new boolean[above.length];
    for (int t = 0; t < fg.length; t++) {
      fg[t] = above[t] >= needed;
    }
    return fg;
  }

  /** p2 + 0.1·(p98 − p2), percentiles by linear interpolation between order statistics. */
  public static float threshold(float[] volume) {
    float[] sorted = volume.clone();
    Arrays.sort(sorted);
    double p2 = percentile(sorted, 2);
    double p98 = percentile(sorted, 98);
    return (float) (p2 + 0.1 * (p98 - p2));
  }

  static double percentile(float[] sorted, double q) {
    double pos = q / 100.0 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
