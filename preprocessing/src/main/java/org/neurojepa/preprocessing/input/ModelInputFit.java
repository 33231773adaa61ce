package org.neurojepa.preprocessing.input;

import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Brings the recipe's model input (96×108×96) to an architecture's input size. The same size
 * passes unchanged; a size that divides it by a whole factor on every axis (tiny: 48×54×48, factor
 * 2) is block-averaged, which keeps the field of view and the [0, 1] range. Anything else is refused.
 */
public final class ModelInputFit {
  private ModelInputFit() {}

  public static Volume fit(Volume v, int d, int h, int w) {
    if (v.nx() == d && v.ny() == h && v.nz() == w) {
      return v;
    }
    if (v.nx() % d != 0 || v.ny() % h != 0 || v.nz() % w != 0
        || v.nx() / d != v.ny() / h || v.nx() / d != v.nz() / w) {
      throw new IllegalArgumentException("model input is " + v.nx() + "×" + v.ny() + "×" + v.nz()
          + "; the model takes " + d + "×" + h + "×" + w + ", not a whole fraction of it");
    }
    int f = v.nx() / d;
    float[] in = v.voxels();
    float[] out = new float[d * h * w];
    float scale = 1f / (f * f * f);
    for (int k = 0; k < w; k++) {
      for (int j = 0; j < h; j++) {
        for (int i = 0; i < d; i++) {
          double sum = 0;
          for (int c = 0; c < f; c++) {
            for (int b = 0; b < f; b++) {
              for (int a = 0; a < f; a++) {
                sum += in[(i * f + a) + v.nx() * ((j * f + b) + v.ny() * (k * f + c))];
              }
            }
          }
          out[i + d * (j + h * k)] = (float) sum * scale;
        }
      }
    }
    // output voxel n covers input voxels n·f … n·f + f − 1: its centre is at n·f + (f − 1)/2
    Affine a = v.voxelToWorld().times(Affine.translation((f - 1) / 2.0, (f - 1) / 2.0, (f - 1) / 2.0))
        .times(Affine.scaling(f, f, f));
    return new Volume(d, h, w, out, a);
  }

  /**
   * NIfTI stores i fastest; the model takes the array nibabel returns, [i][j][k] with k fastest
   * (depth = x, height = y, width = z in RAS).
   */
  public static float[] modelOrder(Volume v) {
    int nx = v.nx();
    int ny = v.ny();
    int nz = v.nz();
    float[] src = v.voxels();
    float[] out = new float[src.length];
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        for (int k = 0; k < nz; k++) {
          out[(i * ny + j) * nz + k] = src[i + nx * (j + ny * k)];
        }
      }
    }
    return out;
  }
}
