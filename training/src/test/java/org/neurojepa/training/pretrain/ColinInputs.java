package org.neurojepa.training.pretrain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Model inputs made from Colin27 for tests: the head (ch2) and the brain (ch2bet) cropped to their
 * foreground with three margins, resized trilinearly to the model's input size and scaled by the
 * 0.5–99.5 percentiles to [0, 1], in model order.
 */
final class ColinInputs {
  static final Path CH2 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");
  static final Path CH2BET = Path.of("/usr/share/mricron/templates/ch2bet.nii.gz");

  private ColinInputs() {}

  static List<float[]> volumes(NeuroJepaConfig c) throws IOException {
    Volume head = NiftiReader.read(CH2);
    Volume brain = NiftiReader.read(CH2BET);
    List<float[]> out = new ArrayList<>();
    out.add(input(brain, c, 4));
    out.add(input(head, c, 4));
    out.add(input(brain, c, 16));
    return out;
  }

  static float[] input(Volume v, NeuroJepaConfig c, int margin) {
    int[] lo = {v.nx(), v.ny(), v.nz()};
    int[] hi = {-1, -1, -1};
    float thr = 1e-3f * max(v.voxels());
    for (int k = 0; k < v.nz(); k++) {
      for (int j = 0; j < v.ny(); j++) {
        for (int i = 0; i < v.nx(); i++) {
          if (v.get(i, j, k) > thr) {
            lo[0] = Math.min(lo[0], i); hi[0] = Math.max(hi[0], i);
            lo[1] = Math.min(lo[1], j); hi[1] = Math.max(hi[1], j);
            lo[2] = Math.min(lo[2], k); hi[2] = Math.max(hi[2], k);
          }
        }
      }
    }
    int[] n = {v.nx(), v.ny(), v.nz()};
    for (int a = 0; a < 3; a++) {
      lo[a] = Math.max(0, lo[a] - margin);
      hi[a] = Math.min(n[a] - 1, hi[a] + margin);
    }
    int d = c.inputDepth();
    int h = c.inputHeight();
    int w = c.inputWidth();
    float[] out = new float[d * h * w];
    for (int x = 0; x < d; x++) {
      double fi = lo[0] + (x + 0.5) * (hi[0] - lo[0] + 1) / d - 0.5;
      for (int y = 0; y < h; y++) {
        double fj = lo[1] + (y + 0.5) * (hi[1] - lo[1] + 1) / h - 0.5;
        for (int z = 0; z < w; z++) {
          double fk = lo[2] + (z + 0.5) * (hi[2] - lo[2] + 1) / w - 0.5;
          out[(x * h + y) * w + z] = (float) trilinear(v, fi, fj, fk);
        }
      }
    }
    float[] sorted = out.clone();
    Arrays.sort(sorted);
    float p0 = sorted[(int) (0.005 * (sorted.length - 1))];
    float p1 = sorted[(int) (0.995 * (sorted.length - 1))];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, Math.min(1f, (out[i] - p0) / (p1 - p0)));
    }
    return out;
  }

  private static double trilinear(Volume v, double x, double y, double z) {
    int x0 = clamp((int) Math.floor(x), v.nx());
    int y0 = clamp((int) Math.floor(y), v.ny());
    int z0 = clamp((int) Math.floor(z), v.nz());
    int x1 = clamp(x0 + 1, v.nx());
    int y1 = clamp(y0 + 1, v.ny());
    int z1 = clamp(z0 + 1, v.nz());
    double fx = Math.max(0, Math.min(1, x - x0));
    double fy = Math.max(0, Math.min(1, y - y0));
    double fz = Math.max(0, Math.min(1, z - z0));
    double c00 = v.get(x0, y0, z0) * (1 - fx) + v.get(x1, y0, z0) * fx;
    double c10 = v.get(x0, y1, z0) * (1 - fx) + v.get(x1, y1, z0) * fx;
    double c01 = v.get(x0, y0, z1) * (1 - fx) + v.get(x1, y0, z1) * fx;
    double c11 = v.get(x0, y1, z1) * (1 - fx) + v.get(x1, y1, z1) * fx;
    double c0 = c00 * (1 - fy) + c10 * fy;
    double c1 = c01 * (1 - fy) + c11 * fy;
    return c0 * (1 - fz) + c1 * fz;
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }

  private static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float f : a) {
      m = Math.max(m, f);
    }
    return m;
  }
}
