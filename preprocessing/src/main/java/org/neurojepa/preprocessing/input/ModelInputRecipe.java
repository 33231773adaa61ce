package org.neurojepa.preprocessing.input;

import org.neurojepa.preprocessing.volume.RasReorientation;
import org.neurojepa.preprocessing.InvalidInputException;
import org.neurojepa.preprocessing.VolumeChecks;
import org.neurojepa.preprocessing.internal.Select;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * The release's recipe from a registered, brain-extracted 1 mm volume to the encoder's input:
 * NaN → 0; RAS orientation; intensities between the 0.5th and 99.5th percentiles (of all voxels)
 * mapped to [0, 1] and clipped; centred pad/crop to 180×216×180; crop to the bounding box of
 * voxels &gt; 0 with a 4-voxel margin (kept inside the volume); trilinear resize to 100×120×100
 * (half-pixel centres, as torch's interpolate with align_corners=False); centre crop 96×108×96.
 * Centred pads and crops put the odd voxel at the end (start = ⌊(n − target)/2⌋).
 */
public final class ModelInputRecipe {
  static final int[] PAD_CROP = {180, 216, 180};
  static final int MARGIN = 4;
  static final int[] RESIZE = {100, 120, 100};
  static final int[] FINAL = {ModelInput.D, ModelInput.H, ModelInput.W};
  static final double LOW_PERCENTILE = 0.5;
  static final double HIGH_PERCENTILE = 99.5;

  private ModelInputRecipe() {}

  public static ModelInput prepare(Volume brain) {
    Volume v = RasReorientation.toClosestRas(VolumeChecks.finite(brain));
    v = normalise(v);
    v = centredPadOrCrop(v, PAD_CROP);
    v = cropToForeground(v, MARGIN);
    v = resize(v, RESIZE);
    v = centredPadOrCrop(v, FINAL);
    float[] src = v.voxels();
    float[] tensor = new float[src.length];
    int nx = v.nx(), ny = v.ny(), nz = v.nz();
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          tensor[(i * ny + j) * nz + k] = src[i + nx * (j + ny * k)];
        }
      }
    }
    return new ModelInput(tensor, v);
  }

  static Volume normalise(Volume v) {
    double lo = Select.percentile(v.voxels(), LOW_PERCENTILE), hi = Select.percentile(v.voxels(), HIGH_PERCENTILE);
    if (!(hi > lo)) {
      throw new InvalidInputException("model input: the 0.5th and 99.5th intensity percentiles are equal (" + lo
          + "): the registered brain is empty or constant");
    }
    float[] in = v.voxels();
    float[] out = new float[in.length];
    double scale = 1 / (hi - lo);
    for (int k = 0; k < in.length; k++) {
      double x = (in[k] - lo) * scale;
      out[k] = (float) (x < 0 ? 0 : x > 1 ? 1 : x);
    }
    return v.withVoxels(out);
  }

  /** Centred crop or zero pad of each axis to {@code size}. */
  static Volume centredPadOrCrop(Volume v, int[] size) {
    int[] n = {v.nx(), v.ny(), v.nz()};
    int[] start = new int[3]; // index in v of output voxel 0 (negative when padding)
    for (int a = 0; a < 3; a++) {
      int diff = n[a] - size[a];
      start[a] = diff >= 0 ? diff / 2 : -((-diff) / 2);
    }
    return window(v, start, size);
  }

  static Volume cropToForeground(Volume v, int margin) {
    int nx = v.nx(), ny = v.ny(), nz = v.nz();
    int[] lo = {nx, ny, nz}, hi = {-1, -1, -1};
    float[] x = v.voxels();
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          if (x[i + nx * (j + ny * k)] > 0) {
            lo[0] = Math.min(lo[0], i);
            hi[0] = Math.max(hi[0], i);
            lo[1] = Math.min(lo[1], j);
            hi[1] = Math.max(hi[1], j);
            lo[2] = Math.min(lo[2], k);
            hi[2] = Math.max(hi[2], k);
          }
        }
      }
    }
    if (hi[0] < 0) {
      throw new InvalidInputException("model input: no voxel above 0 after normalisation (the brain is empty)");
    }
    int[] n = {nx, ny, nz};
    int[] start = new int[3], size = new int[3];
    for (int a = 0; a < 3; a++) {
      start[a] = Math.max(0, lo[a] - margin);
      size[a] = Math.min(n[a] - 1, hi[a] + margin) - start[a] + 1;
    }
    return window(v, start, size);
  }

  /** The box of {@code size} voxels starting at {@code start} (zeros outside v). */
  static Volume window(Volume v, int[] start, int[] size) {
    int nx = v.nx(), ny = v.ny(), nz = v.nz();
    float[] in = v.voxels();
    float[] out = new float[size[0] * size[1] * size[2]];
    for (int k = 0; k < size[2]; k++) {
      int sk = k + start[2];
      if (sk < 0 || sk >= nz) {
        continue;
      }
      for (int j = 0; j < size[1]; j++) {
        int sj = j + start[1];
        if (sj < 0 || sj >= ny) {
          continue;
        }
        for (int i = 0; i < size[0]; i++) {
          int si = i + start[0];
          if (si >= 0 && si < nx) {
            out[i + size[0] * (j + size[1] * k)] = in[si + nx * (sj + ny * sk)];
          }
        }
      }
    }
    Affine a = v.voxelToWorld().times(Affine.translation(start[0], start[1], start[2]));
    return new Volume(size[0], size[1], size[2], out, a);
  }

  /** Trilinear resize with half-pixel centres: source = (dst + 0.5)·in/out − 0.5, clamped at the edges. */
  static Volume resize(Volume v, int[] size) {
    int[] n = {v.nx(), v.ny(), v.nz()};
    double[] scale = new double[3];
    int[][] i0 = new int[3][];
    double[][] t = new double[3][];
    for (int a = 0; a < 3; a++) {
      scale[a] = (double) n[a] / size[a];
      i0[a] = new int[size[a]];
      t[a] = new double[size[a]];
      for (int d = 0; d < size[a]; d++) {
        double src = Math.max(0, (d + 0.5) * scale[a] - 0.5);
        int lo = Math.min((int) src, n[a] - 1);
        i0[a][d] = lo;
        t[a][d] = lo < n[a] - 1 ? src - lo : 0;
      }
    }
    float[] in = v.voxels();
    float[] out = new float[size[0] * size[1] * size[2]];
    int sx = 1, sy = n[0], sz = n[0] * n[1];
    for (int k = 0; k < size[2]; k++) {
      int k0 = i0[2][k];
      double tz = t[2][k];
      int dz = k0 < n[2] - 1 ? sz : 0;
      for (int j = 0; j < size[1]; j++) {
        int j0 = i0[1][j];
        double ty = t[1][j];
        int dy = j0 < n[1] - 1 ? sy : 0;
        for (int i = 0; i < size[0]; i++) {
          int ii = i0[0][i];
          double tx = t[0][i];
          int dx = ii < n[0] - 1 ? sx : 0;
          int p = ii + n[0] * (j0 + n[1] * k0);
          double c00 = in[p] + tx * (in[p + dx] - in[p]);
          double c10 = in[p + dy] + tx * (in[p + dy + dx] - in[p + dy]);
          double c01 = in[p + dz] + tx * (in[p + dz + dx] - in[p + dz]);
          double c11 = in[p + dz + dy] + tx * (in[p + dz + dy + dx] - in[p + dz + dy]);
          double c0 = c00 + ty * (c10 - c00), c1 = c01 + ty * (c11 - c01);
          out[i + size[0] * (j + size[1] * k)] = (float) (c0 + tz * (c1 - c0));
        }
      }
    }
    // Output voxel d sits at source coordinate d·scale + (scale − 1)/2.
    Affine a = v.voxelToWorld()
        .times(Affine.translation((scale[0] - 1) / 2, (scale[1] - 1) / 2, (scale[2] - 1) / 2))
        .times(Affine.scaling(scale[0], scale[1], scale[2]));
    return new Volume(size[0], size[1], size[2], out, a);
  }
}
