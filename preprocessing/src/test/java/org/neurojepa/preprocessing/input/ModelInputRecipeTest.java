package org.neurojepa.preprocessing.input;

import org.neurojepa.preprocessing.volume.RasReorientation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.InvalidInputException;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.nifti.NiftiWriter;
import org.neurojepa.preprocessing.testing.Colin27;
import org.neurojepa.preprocessing.testing.Nibabel;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class ModelInputRecipeTest {
  @TempDir Path dir;

  /** The recipe written independently in numpy on nibabel's canonical (RAS) array; C-order ravel must equal our tensor. */
  private static final String NUMPY_RECIPE = """
      import sys, nibabel as nb, numpy as np
      img = nb.as_closest_canonical(nb.load(sys.argv[1]))
      a = np.nan_to_num(np.asarray(img.dataobj, dtype=np.float64))
      lo, hi = np.percentile(a, [0.5, 99.5])
      a = np.clip((a - lo) / (hi - lo), 0, 1)
      def pad_crop(a, size):
          for ax, s in enumerate(size):
              n = a.shape[ax]
              if n > s:
                  st = (n - s) // 2
                  a = np.take(a, np.arange(st, st + s), axis=ax)
              elif n < s:
                  before = (s - n) // 2
                  pw = [(0, 0)] * 3; pw[ax] = (before, s - n - before)
                  a = np.pad(a, pw)
          return a
      a = pad_crop(a, (180, 216, 180))
      nz = np.argwhere(a > 0); lo3 = np.maximum(nz.min(0) - 4, 0); hi3 = np.minimum(nz.max(0) + 4, np.array(a.shape) - 1)
      a = a[lo3[0]:hi3[0] + 1, lo3[1]:hi3[1] + 1, lo3[2]:hi3[2] + 1]
      for ax, out in enumerate((100, 120, 100)):
          n = a.shape[ax]; scale = n / out
          src = np.maximum((np.arange(out) + 0.5) * scale - 0.5, 0)
          l = np.minimum(np.floor(src).astype(int), n - 1); h = np.minimum(l + 1, n - 1); t = src - l
          sh = [1, 1, 1]; sh[ax] = out; t = t.reshape(sh)
          A = np.take(a, l, axis=ax); B = np.take(a, h, axis=ax); a = A + (B - A) * t
      a = pad_crop(a, (96, 108, 96))
      a.astype('<f4').tofile(sys.argv[2])
      """;

  @Test
  void matchesANumpyRenderingOfTheRecipeInDhwOrder() throws IOException {
    // A brain stored left-handed and with axes permuted, so that reorientation to RAS matters.
    Volume brain = Colin27.brain();
    Volume stored = permuteToLpi(brain);
    Path file = dir.resolve("brain.nii.gz");
    NiftiWriter.write(stored, file);
    ModelInput input = ModelInputRecipe.prepare(NiftiReader.read(file));
    Path raw = dir.resolve("expected.f32");
    Nibabel.run(dir, NUMPY_RECIPE, file.toString(), raw.toString());
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = new float[96 * 108 * 96];
    b.asFloatBuffer().get(expected);
    assertArrayEquals(expected, input.tensor(), 2e-5f);
    float min = 1, max = 0;
    for (float f : input.tensor()) {
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    assertEquals(0, min);
    assertEquals(1, max, 1e-6);
    // The volume places the input in template (MNI) space: its centre voxel lies near the brain's centre.
    double[] c = input.volume().voxelToWorld().apply(47.5, 53.5, 47.5);
    assertTrue(Math.abs(c[0]) < 10 && Math.abs(c[1] + 18) < 15 && Math.abs(c[2] - 18) < 15, java.util.Arrays.toString(c));
  }

  @Test
  void reorientationKeepsEveryVoxelAtItsWorldPosition() {
    Volume brain = Colin27.brain();
    Volume lpi = permuteToLpi(brain);
    Volume ras = RasReorientation.toClosestRas(lpi);
    assertEquals(Affine.identity().times(brain.voxelToWorld()), ras.voxelToWorld());
    assertArrayEquals(brain.voxels(), ras.voxels(), 0f);
  }

  @Test
  void anEmptyBrainIsAClearError() {
    Volume empty = new Volume(30, 30, 30, new float[27000], Affine.identity());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelInputRecipe.prepare(empty));
    assertTrue(e.getMessage().contains("percentiles are equal"), e.getMessage());
  }

  /** Same image, stored with voxel axes (k reversed, i reversed, j) = an "SLP"-like layout. */
  static Volume permuteToLpi(Volume v) {
    int nx = v.nx(), ny = v.ny(), nz = v.nz();
    // new axes: a = z reversed, b = x reversed, c = y
    float[] out = new float[v.voxelCount()];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          int a = nz - 1 - k, b = nx - 1 - i, c = j;
          out[a + nz * (b + nx * c)] = v.get(i, j, k);
        }
      }
    }
    // new (a, b, c) → old (i, j, k) = (nx−1−b, c, nz−1−a)
    Affine newToOld = Affine.ofRows(0, -1, 0, nx - 1, 0, 0, 1, 0, -1, 0, 0, nz - 1);
    return new Volume(nz, nx, ny, out, v.voxelToWorld().times(newToOld));
  }
}
