package org.neurojepa.preprocessing.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.InvalidInputException;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class ResamplerTest {
  private static Volume smoothBlob() {
    int n = 40;
    float[] v = new float[n * n * n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          double x = (i - 18.3) / 7, y = (j - 21.1) / 9, z = (k - 19.4) / 6;
          v[i + n * (j + n * k)] = (float) (100 * Math.exp(-(x * x + y * y + z * z)));
        }
      }
    }
    return new Volume(n, n, n, v, Affine.translation(-20, -20, -20).times(Affine.scaling(1.5, 1.5, 1.5)));
  }

  @Test
  void cubicBSplineReproducesTheVoxelsUnderTheIdentity() {
    Volume v = smoothBlob();
    Volume same = Resampler.resample(v, Affine.identity(), v, Interpolation.CUBIC_BSPLINE);
    for (int k = 0; k < v.voxelCount(); k++) {
      assertEquals(v.voxels()[k], same.voxels()[k], 1e-3, "voxel " + k);
    }
  }

  @Test
  void aSubVoxelShiftIsInterpolatedAccuratelyByCubicAndLessSoByTrilinear() {
    Volume v = smoothBlob();
    // Moving world → grid world shifts by (0.6, -0.45, 0.3) mm: grid voxel at x samples moving at x − shift.
    Affine shift = Affine.translation(0.6, -0.45, 0.3);
    Volume cubic = Resampler.resample(v, shift, v, Interpolation.CUBIC_BSPLINE);
    Volume linear = Resampler.resample(v, shift, v, Interpolation.TRILINEAR);
    double cubicErr = 0, linearErr = 0;
    for (int k = 5; k < 35; k++) {
      for (int j = 5; j < 35; j++) {
        for (int i = 5; i < 35; i++) {
          double[] w = v.voxelToWorld().apply(i, j, k);
          double x = ((w[0] - 0.6) + 20) / 1.5, y = ((w[1] + 0.45) + 20) / 1.5, z = ((w[2] - 0.3) + 20) / 1.5;
          double xx = (x - 18.3) / 7, yy = (y - 21.1) / 9, zz = (z - 19.4) / 6;
          double truth = 100 * Math.exp(-(xx * xx + yy * yy + zz * zz));
          cubicErr = Math.max(cubicErr, Math.abs(cubic.get(i, j, k) - truth));
          linearErr = Math.max(linearErr, Math.abs(linear.get(i, j, k) - truth));
        }
      }
    }
    assertTrue(cubicErr < 0.25 && cubicErr < linearErr / 3, "cubic " + cubicErr + " trilinear " + linearErr);
  }

  @Test
  void registrationRejectsUnusableSubjects() {
    Volume template = smoothBlob();
    float[] nan = new float[template.voxelCount()];
    java.util.Arrays.fill(nan, Float.NaN);
    assertThrows(InvalidInputException.class,
        () -> AffineRegistration.register(template.withVoxels(nan), template, RegistrationOptions.defaults()));
    assertThrows(InvalidInputException.class,
        () -> AffineRegistration.register(template.withVoxels(new float[template.voxelCount()]), template,
            RegistrationOptions.defaults()));
    Volume slice = new Volume(64, 64, 1, new float[4096], Affine.identity());
    slice.voxels()[100] = 3;
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> AffineRegistration.register(slice, template, RegistrationOptions.defaults()));
    assertTrue(e.getMessage().contains("64×64×1"), e.getMessage());
  }
}
