package org.neurojepa.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.mask.BrainMask;
import org.neurojepa.preprocessing.qc.QcRejectedException;
import org.neurojepa.preprocessing.registration.Metric;
import org.neurojepa.preprocessing.registration.Template;
import org.neurojepa.preprocessing.testing.Nibabel;
import org.neurojepa.preprocessing.testing.SyntheticScan;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class PreprocessorTest {
  private static Template template;
  private static Preprocessor preprocessor;
  @TempDir Path dir;

  @BeforeAll
  static void loadTemplate() throws IOException {
    template = Template.colin27();
    preprocessor = new Preprocessor(PreprocessorSettings.builder(template).build());
  }

  @Test
  void biasedNoisyT1EndsInTemplateSpaceWithEveryArtefact() throws IOException {
    Affine truth = SyntheticScan.transform(-14, 9, 11, -12, 17, -6, 0.93);
    Affine grid = SyntheticScan.grid(truth, 176, 208, 176, 1, 1, 1.1);
    Volume subject = SyntheticScan.noise(SyntheticScan.bias(SyntheticScan.make(truth, 176, 208, 176, grid), 0.6), 5, 3);
    PreprocessResult r = preprocessor.process(subject, Contrast.T1W, dir);

    double[] e = SyntheticScan.pointError(r.registration().subjectToTemplate(), truth);
    Volume trueMask = BrainMask.carryBack(template.brainMask(), truth, subject);
    double dice = BrainMask.dice(r.nativeMask(), trueMask);
    System.out.printf("preprocess T1: mean %.3f max %.3f mm, Dice %.4f, QC %s, %s%n", e[0], e[1], dice, r.qc().metrics(), r.millis());
    assertTrue(e[0] <= 0.5 && e[1] <= 1.5, "point error mean " + e[0] + " max " + e[1]);
    assertTrue(dice >= 0.95, "Dice " + dice);
    assertEquals(Metric.CORRELATION_RATIO, r.registration().metric());
    assertTrue(r.qc().accepted(), r.qc().reason());
    assertEquals(96 * 108 * 96, r.acceptedInput().tensor().length);
    assertEquals(java.util.List.of("checks", "bias", "registration", "resample", "mask", "input", "qc", "write"),
        java.util.List.copyOf(r.millis().keySet()));

    double[] n = Nibabel.numbers(Nibabel.run(dir, """
        import sys, nibabel as nb, numpy as np
        d = sys.argv[1]
        r = nb.load(d + '/registered.nii.gz'); m = nb.load(d + '/mask.nii.gz'); i = nb.load(d + '/input.nii.gz')
        nm = nb.load(d + '/mask_native.nii.gz')
        print(*r.shape, *m.shape, *i.shape, *nm.shape, int(r.header['sform_code']), float(i.get_fdata().min()), float(i.get_fdata().max()))
        print(*np.abs(r.affine - nb.load('/usr/share/mricron/templates/ch2.nii.gz').affine).max(axis=None, keepdims=True).ravel())
        """, dir.toString()));
    assertArrayEquals(new double[] {181, 217, 181, 181, 217, 181, 96, 108, 96, 176, 208, 176, 4, 0, 1},
        java.util.Arrays.copyOf(n, 15), 1e-6);
    assertEquals(0, n[15], 1e-5);

    JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve(Preprocessor.REPORT)));
    assertEquals("T1W", json.get("sequenceType").asText());
    JsonNode rows = json.get("registration").get("subjectWorldRasToTemplateWorldRas");
    double[] m = r.registration().subjectToTemplate().toArray();
    for (int k = 0; k < 16; k++) {
      assertEquals(m[k], rows.get(k / 4).get(k % 4).asDouble(), 1e-12);
    }
    assertTrue(json.get("qc").get("accepted").asBoolean());
    assertTrue(json.get("millis").has("registration"));
  }

  @Test
  void t2LikeScanRegistersWithMutualInformationAndRotationSearch() throws IOException {
    Affine truth = SyntheticScan.transform(16, -12, -18, 8, -14, 15, 1.07);
    Affine grid = SyntheticScan.grid(truth, 160, 192, 160, 1.2, 1.2, 1.2);
    Volume subject = SyntheticScan.noise(SyntheticScan.t2Like(SyntheticScan.make(truth, 160, 192, 160, grid)), 4, 8);
    PreprocessResult r = preprocessor.process(subject, Contrast.T2W, dir);
    double[] e = SyntheticScan.pointError(r.registration().subjectToTemplate(), truth);
    double dice = BrainMask.dice(r.nativeMask(), BrainMask.carryBack(template.brainMask(), truth, subject));
    System.out.printf("preprocess T2-like: mean %.3f max %.3f mm, Dice %.4f, QC %s, %s%n", e[0], e[1], dice, r.qc().metrics(), r.millis());
    assertEquals(Metric.MUTUAL_INFORMATION, r.registration().metric());
    assertTrue(e[0] <= 0.5 && e[1] <= 1.5, "point error mean " + e[0] + " max " + e[1]);
    assertTrue(dice >= 0.95, "Dice " + dice);
    assertTrue(r.qc().accepted(), r.qc().reason());
  }

  @Test
  void aScanOfNoiseIsRejectedByQcWithTheNumbers() throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    float[] v = new float[120 * 140 * 120];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) (100 * random.nextDouble());
    }
    Volume noise = new Volume(120, 140, 120, v, SyntheticScan.grid(Affine.identity(), 120, 140, 120, 1.5, 1.5, 1.5));
    PreprocessResult r = preprocessor.process(noise, Contrast.T1W, dir);
    assertFalse(r.qc().accepted());
    QcRejectedException e = assertThrows(QcRejectedException.class, r::acceptedInput);
    assertTrue(e.getMessage().contains("mutual information") && e.getMessage().contains("measured MI"), e.getMessage());
    assertFalse(new ObjectMapper().readTree(dir.resolve(Preprocessor.REPORT).toFile()).get("qc").get("accepted").asBoolean());
  }

  @Test
  void nanConstantAndSingleSliceVolumesAreClearErrorsAndWriteNothing() throws IOException {
    Affine grid = SyntheticScan.grid(Affine.identity(), 64, 64, 64, 3, 3, 3);
    float[] nan = new float[64 * 64 * 64];
    java.util.Arrays.fill(nan, Float.NaN);
    assertError(new Volume(64, 64, 64, nan, grid), "no finite voxel");
    float[] constant = new float[64 * 64 * 64];
    java.util.Arrays.fill(constant, 7);
    assertError(new Volume(64, 64, 64, constant, grid), "constant");
    Volume slice = new Volume(256, 256, 1, new float[256 * 256], Affine.scaling(1, 1, 5));
    slice.voxels()[5] = 1;
    assertError(slice, "single slice");
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing written for bad input");
    }
  }

  private void assertError(Volume v, String expected) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> preprocessor.process(v, Contrast.T1W, dir));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
