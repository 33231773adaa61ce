package org.neurojepa.preprocessing.input;

import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Reorders and flips voxel axes so that i runs towards Right, j towards Anterior, k towards
 * Superior (nibabel's "RAS+" canonical orientation). World positions of voxels do not change.
 */
public final class Reorientation {
  private Reorientation() {}

  public static Volume toRas(Volume v) {
    Affine a = v.voxelToWorld();
    int[] axisOf = new int[3]; // voxel axis that runs along world axis r
    boolean[] flip = new boolean[3];
    // Best permutation: the one with the largest product of |cosines| (6 candidates).
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    double best = -1;
    for (int[] p : perms) {
      double score = 1;
      for (int r = 0; r < 3; r++) {
        score *= Math.abs(a.get(r, p[r])) / a.columnNorm(p[r]);
      }
      if (score > best) {
        best = score;
        System.arraycopy(p, 0, axisOf, 0, 3);
      }
    }
    boolean identity = true;
    for (int r = 0; r < 3; r++) {
      flip[r] = a.get(r, axisOf[r]) < 0;
      identity &= axisOf[r] == r && !flip[r];
    }
    if (identity) {
      return v;
    }
    int[] n = {v.nx(), v.ny(), v.nz()};
    int[] m = {n[axisOf[0]], n[axisOf[1]], n[axisOf[2]]};
    // new index e_r → old index along voxel axis axisOf[r]: flip ? n−1−e : e.
    double[] rows = new double[12];
    for (int r = 0; r < 3; r++) {
      int old = axisOf[r];
      rows[4 * old + r] = flip[r] ? -1 : 1;
      rows[4 * old + 3] = flip[r] ? n[old] - 1 : 0;
    }
    Affine newToOld = Affine.ofRows(rows);
    float[] in = v.voxels();
    float[] out = new float[in.length];
    int[] old = new int[3];
    for (int k = 0; k < m[2]; k++) {
      for (int j = 0; j < m[1]; j++) {
        for (int i = 0; i < m[0]; i++) {
          int[] e = {i, j, k};
          for (int r = 0; r < 3; r++) {
            old[axisOf[r]] = flip[r] ? n[axisOf[r]] - 1 - e[r] : e[r];
          }
          out[i + m[0] * (j + m[1] * k)] = in[old[0] + n[0] * (old[1] + n[1] * old[2])];
        }
      }
    }
    return new Volume(m[0], m[1], m[2], out, a.times(newToOld));
  }
}
