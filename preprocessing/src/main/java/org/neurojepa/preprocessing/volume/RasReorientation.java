package org.neurojepa.preprocessing.volume;


/**
 * Permutes and flips the voxel axes of a volume so that i, j and k run as close as possible to
 * +x (right), +y (anterior) and +z (superior): nibabel's "closest canonical". The world positions
 * of the voxels do not change, only their order in the array and the affine.
 */
public final class RasReorientation {
  private RasReorientation() {}

  public static Volume toClosestRas(Volume v) {
    Affine m = v.voxelToWorld();
    int[] worldOf = new int[3];
    boolean[] flip = new boolean[3];
    boolean[] taken = new boolean[3];
    // Assign the voxel axis with the most dominant world component first, so that a strongly
    // oblique axis cannot steal the world axis another voxel axis is nearly parallel to.
    Integer[] order = {0, 1, 2};
    java.util.Arrays.sort(order, (a, b) -> Double.compare(dominance(m, b), dominance(m, a)));
    for (int a : order) {
      int best = -1;
      double bestValue = -1;
      for (int w = 0; w < 3; w++) {
        double c = Math.abs(m.get(w, a)) / m.columnNorm(a);
        if (!taken[w] && c > bestValue) {
          best = w;
          bestValue = c;
        }
      }
      taken[best] = true;
      worldOf[a] = best;
      flip[a] = m.get(best, a) < 0;
    }
    int[] dims = {v.nx(), v.ny(), v.nz()};
    int[] newDims = new int[3];
    for (int a = 0; a < 3; a++) {
      newDims[worldOf[a]] = dims[a];
    }
    // old index along voxel axis a = flip ? n_a - 1 - new_w : new_w, with w = worldOf[a].
    double[] rows = new double[12];
    for (int a = 0; a < 3; a++) {
      int w = worldOf[a];
      rows[4 * a + w] = flip[a] ? -1 : 1;
      rows[4 * a + 3] = flip[a] ? dims[a] - 1 : 0;
    }
    Affine newToOld = Affine.ofRows(rows);
    float[] src = v.voxels();
    float[] dst = new float[src.length];
    int[] idx = new int[3];
    int p = 0;
    for (int k = 0; k < newDims[2]; k++) {
      for (int j = 0; j < newDims[1]; j++) {
        for (int i = 0; i < newDims[0]; i++) {
          int[] nw = {i, j, k};
          for (int a = 0; a < 3; a++) {
            int w = worldOf[a];
            idx[a] = flip[a] ? dims[a] - 1 - nw[w] : nw[w];
          }
          dst[p++] = src[v.index(idx[0], idx[1], idx[2])];
        }
      }
    }
    return new Volume(newDims[0], newDims[1], newDims[2], dst, m.times(newToOld));
  }

  private static double dominance(Affine m, int axis) {
    double max = 0;
    for (int w = 0; w < 3; w++) {
      max = Math.max(max, Math.abs(m.get(w, axis)));
    }
    return max / m.columnNorm(axis);
  }
}
