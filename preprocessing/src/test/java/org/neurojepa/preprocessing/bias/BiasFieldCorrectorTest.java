package org.neurojepa.preprocessing.bias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurojepa.preprocessing.InvalidInputException;
import org.neurojepa.preprocessing.testing.Colin27;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class BiasFieldCorrectorTest {
  private final BiasFieldCorrector corrector = new BiasFieldCorrector(BiasFieldOptions.defaults());

  /**
   * Colin27 has (or N4-style sharpening finds) a field of its own, so the test compares the field
   * found in the biased scan with the generated field times the field found in the clean scan:
   * then the two corrected scans agree.
   */
  @Test
  void removesAGeneratedFieldSoThatCleanAndBiasedScansAgreeAfterCorrection() {
    Volume truth = Colin27.t1();
    float[] ones = new float[truth.voxelCount()];
    java.util.Arrays.fill(ones, 1);
    Volume one = truth.withVoxels(ones);
    Volume generated = SyntheticScan.bias(one, 0.8);
    Volume biased = SyntheticScan.noise(SyntheticScan.bias(truth, 0.8), 3, 5);
    BiasCorrection fromBiased = corrector.correct(biased);
    BiasCorrection fromClean = corrector.correct(truth);
    float[] expected = new float[ones.length];
    for (int k = 0; k < expected.length; k++) {
      expected[k] = generated.voxels()[k] * fromClean.field().voxels()[k];
    }
    double input = logRatioSpread(generated, one);
    double residual = logRatioSpread(fromBiased.field(), one.withVoxels(expected));
    double ownField = logRatioSpread(fromClean.field(), one);
    System.out.printf("bias: generated log field spread in brain %.4f, residual after correction %.4f, field found in the clean scan %.4f%n",
        input, residual, ownField);
    assertTrue(input > 0.08, "the generated field is strong: " + input);
    assertTrue(residual < input / 3, "generated " + input + " residual " + residual);
    assertTrue(ownField < 0.08, "field found in the clean scan " + ownField);
    // input = corrected × field
    int k = biased.index(90, 110, 80);
    assertEquals(biased.voxels()[k], fromBiased.corrected().voxels()[k] * fromBiased.field().voxels()[k],
        1e-3 * biased.voxels()[k]);
  }

  @Test
  void rejectsConstantAndNanVolumes() {
    Volume constant = new Volume(20, 20, 20, filled(8000, 5), Affine.identity());
    assertThrows(InvalidInputException.class, () -> corrector.correct(constant));
    Volume nan = constant.withVoxels(filled(8000, Float.NaN));
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> corrector.correct(nan));
    assertTrue(e.getMessage().contains("no finite voxel"), e.getMessage());
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** Standard deviation of log(a / b) over Colin27's brain voxels. */
  static double logRatioSpread(Volume image, Volume truth) {
    Volume brain = Colin27.brain();
    double sum = 0, sumSq = 0;
    long n = 0;
    for (int k = 0; k < truth.voxelCount(); k++) {
      if (brain.voxels()[k] > 0) {
        double r = Math.log(image.voxels()[k] / truth.voxels()[k]);
        sum += r;
        sumSq += r * r;
        n++;
      }
    }
    double mean = sum / n;
    return Math.sqrt(sumSq / n - mean * mean);
  }
}
