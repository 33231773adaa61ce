package org.neurojepa.preprocessing.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.testing.Nibabel;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class NiftiWriterTest {
  @TempDir Path dir;

  private static final Affine OBLIQUE = Affine.translation(-91.5, 120.25, -60)
      .times(Affine.rotation(23, 1, -2, 0.5))
      .times(Affine.scaling(0.9, 1.1, 2.5));
  /** Left-handed (a radiological x flip): needs qfac −1. */
  private static final Affine LEFT_HANDED = Affine.translation(90, -126, -72)
      .times(Affine.rotation(-11, 0.2, 1, 0.1))
      .times(Affine.scaling(-1, 1, 1.2));

  @Test
  void float32RoundTripIsExact() throws IOException {
    Volume v = new Volume(7, 6, 5, NiftiReaderTest.noise(210), Affine.ofRows(0.5, 0, 0, -10.25, 0, -2, 0, 30, 0, 0, 3, 0.125));
    for (String name : new String[] {"a.nii", "a.nii.gz"}) {
      Path p = dir.resolve(name);
      NiftiWriter.write(v, p);
      Volume back = NiftiReader.read(p);
      assertArrayEquals(v.voxels(), back.voxels(), 0f, name);
      assertEquals(v.voxelToWorld(), back.voxelToWorld(), name);
    }
    Volume oblique = v.withAffine(OBLIQUE);
    NiftiWriter.write(oblique, dir.resolve("o.nii.gz"));
    Volume back = NiftiReader.read(dir.resolve("o.nii.gz"));
    assertArrayEquals(v.voxels(), back.voxels(), 0f);
    assertTrue(back.voxelToWorld().maxAbsDifference(OBLIQUE) < 1e-5, back.voxelToWorld().toString());
  }

  @Test
  void nibabelReadsSformQformAndUnitsAsWritten() throws IOException {
    for (Affine a : new Affine[] {OBLIQUE, LEFT_HANDED}) {
      Volume v = new Volume(7, 6, 5, NiftiReaderTest.noise(210), a);
      Path p = dir.resolve("n.nii.gz");
      NiftiWriter.write(v, p, DataType.FLOAT32, CoordinateSpace.ALIGNED_ANAT);
      double[] n = Nibabel.numbers(Nibabel.run(dir, """
          import sys, nibabel as nb, numpy as np
          i = nb.load(sys.argv[1]); h = i.header
          print(*h.get_sform()[:3].ravel()); print(*h.get_qform()[:3].ravel()); print(*i.affine[:3].ravel())
          print(int(h['sform_code']), int(h['qform_code']), *h.get_xyzt_units() == ('mm', 'unknown') and [1] or [0])
          d = i.get_fdata(); print(d[1, 2, 3], d[6, 5, 4], d.sum())
          """, p.toString()));
      double[] expect = Arrays.copyOf(a.toArray(), 12);
      assertArrayEquals(expect, Arrays.copyOfRange(n, 0, 12), 1e-5, "sform");
      assertArrayEquals(expect, Arrays.copyOfRange(n, 12, 24), 1e-5, "qform");
      assertArrayEquals(expect, Arrays.copyOfRange(n, 24, 36), 1e-5, "affine");
      assertEquals(2, n[36]);
      assertEquals(2, n[37]);
      assertEquals(1, n[38], "xyzt_units mm");
      assertEquals(v.get(1, 2, 3), n[39], 1e-7);
      assertEquals(v.get(6, 5, 4), n[40], 1e-7);
      double sum = 0;
      for (float f : v.voxels()) {
        sum += f;
      }
      assertEquals(sum, n[41], 1e-4);
    }
  }

  @Test
  void integerTypesScaleIntoTheirRangeAndKeepIntegersExact() throws IOException {
    float[] noise = NiftiReaderTest.noise(210);
    for (int k = 0; k < noise.length; k++) {
      noise[k] = noise[k] * 300 + 1000;
    }
    Volume v = new Volume(7, 6, 5, noise, OBLIQUE);
    for (DataType t : new DataType[] {DataType.INT16, DataType.UINT8}) {
      Path p = dir.resolve(t + ".nii.gz");
      NiftiWriter.write(v, p, t);
      NiftiImage back = NiftiReader.readImage(p);
      assertEquals(t, back.header().dataType());
      double range = 0;
      for (float f : noise) {
        range = Math.max(range, Math.abs(f - 1000));
      }
      double step = 2 * range / (t.max() - t.min());
      for (int k = 0; k < noise.length; k++) {
        assertEquals(noise[k], back.volume().voxels()[k], step * 0.51 + 1e-3, t + " voxel " + k);
      }
      double[] n = Nibabel.numbers(Nibabel.run(dir, "import sys, nibabel as nb; print(nb.load(sys.argv[1]).get_fdata()[3, 2, 1])", p.toString()));
      assertEquals(n[0], back.volume().get(3, 2, 1), 1e-3);
    }
    float[] labels = new float[210];
    for (int k = 0; k < labels.length; k++) {
      labels[k] = k % 3;
    }
    NiftiWriter.write(v.withVoxels(labels), dir.resolve("mask.nii.gz"), DataType.UINT8);
    NiftiImage mask = NiftiReader.readImage(dir.resolve("mask.nii.gz"));
    assertTrue(!mask.header().scaled());
    assertArrayEquals(labels, mask.volume().voxels(), 0f);
  }

  @Test
  void holdsExactlyMeansAWholeNumberWithinTheTypesRange() {
    float[] whole = {0f, -0f, 1f, -1f, 32767f, -32768f, 12345f};
    for (float f : whole) {
      assertTrue(DataType.INT16.holdsExactly(f), Float.toString(f));
      assertEquals(f == Math.rint(f), DataType.isWhole(f));
    }
    float[] not = {0.5f, -0.5f, 32767.5f, 32768f, -32769f, Float.NaN, Float.POSITIVE_INFINITY, 1e-30f, 8388607.5f};
    for (float f : not) {
      assertTrue(!DataType.INT16.holdsExactly(f), Float.toString(f));
    }
    assertTrue(DataType.UINT8.holdsExactly(255f) && !DataType.UINT8.holdsExactly(-1f) && !DataType.UINT8.holdsExactly(256f));
    assertTrue(DataType.FLOAT32.holdsExactly(0.25f) && DataType.FLOAT32.holdsExactly(Float.NaN));
    assertTrue(DataType.isWhole(0x1p23f) && DataType.isWhole(-0x1p30f) && !DataType.isWhole(0x1p22f + 0.5f));
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 100_000; i++) {
      float any = Float.intBitsToFloat(random.nextInt());
      float near = (float) (random.nextGaussian() * 1e5);
      for (float f : new float[] {any, near, Math.round(near), near / 0x1p10f}) {
        if (Float.isFinite(f)) {
          assertEquals(f == Math.rint(f), DataType.isWhole(f), Float.toString(f));
        }
      }
    }
  }

  @Test
  void everyTypeIsWrittenLittleEndianAsStoredValues() throws IOException {
    float[] values = NiftiReaderTest.noise(210);
    for (int k = 0; k < values.length; k++) {
      values[k] = values[k] * 5000 - 100;
    }
    values[3] = Float.NaN;
    values[4] = Float.NEGATIVE_INFINITY;
    Volume v = new Volume(7, 6, 5, values, OBLIQUE);
    for (DataType t : DataType.values()) {
      Path p = dir.resolve(t + ".nii");
      NiftiWriter.write(v, p, t);
      java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(p))
          .order(java.nio.ByteOrder.LITTLE_ENDIAN).position(352);
      double[] scl = NiftiWriter.scaling(values, t);
      for (int k = 0; k < values.length; k++) {
        float f = values[k];
        double s = Float.isFinite(f) ? Math.rint((f - scl[1]) / scl[0]) : 0;
        long stored = (long) Math.max(t.min(), Math.min(t.max(), s));
        String at = t + " voxel " + k;
        switch (t) {
          case FLOAT32 -> assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(data.getFloat()), at);
          case FLOAT64 -> assertEquals(Double.doubleToRawLongBits(f), Double.doubleToRawLongBits(data.getDouble()), at);
          case UINT8, INT8 -> assertEquals((byte) stored, data.get(), at);
          case INT16, UINT16 -> assertEquals((short) stored, data.getShort(), at);
          case INT32 -> assertEquals((int) stored, data.getInt(), at);
        }
      }
      assertEquals(0, data.remaining(), t.toString());
    }
  }

  @Test
  void holdsAllAndScalingAgreeWithAPlainLoopOverEveryVoxel() {
    java.util.Random random = new java.util.Random(5);
    for (int trial = 0; trial < 40; trial++) {
      float[] v = new float[trial < 4 ? trial : 200_000 + random.nextInt(100_000)];
      for (int k = 0; k < v.length; k++) {
        v[k] = random.nextInt(trial % 2 == 0 ? 70_000 : 4_000) - 2_000;
      }
      if (v.length > 0) {
        int at = random.nextInt(v.length);
        switch (trial % 8) {
          case 1 -> v[at] = 0.5f;
          case 3 -> v[at] = Float.NaN;
          case 5 -> v[at] = Float.NEGATIVE_INFINITY;
          case 7 -> java.util.Arrays.fill(v, Float.NaN);
          default -> { }
        }
      }
      for (DataType t : DataType.values()) {
        boolean all = true;
        for (float f : v) {
          all &= t.holdsExactly(f);
        }
        assertEquals(all, t.holdsAll(ValueRange.of(v)), t + ", trial " + trial);
        assertArrayEquals(plainScaling(v, t), NiftiWriter.scaling(v, t), 0, t + ", trial " + trial);
      }
    }
  }

  /** The scaling as first written: double min/max and Math.rint over the finite values. */
  private static double[] plainScaling(float[] v, DataType type) {
    if (!type.isInteger()) {
      return new double[] {1, 0};
    }
    double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
    boolean integral = true;
    for (float f : v) {
      if (Float.isFinite(f)) {
        min = Math.min(min, f);
        max = Math.max(max, f);
        integral &= f == Math.rint(f);
      }
    }
    if (min > max || integral && min >= type.min() && max <= type.max()) {
      return new double[] {1, 0};
    }
    if (max == min) {
      return new double[] {1, min};
    }
    double slope = (max - min) / (type.max() - type.min());
    return new double[] {slope, min - type.min() * slope};
  }

  @Test
  void writeExactStoresIntegersUnscaledAndAnythingElseAsFloat32() throws IOException {
    float[] whole = new float[210];
    for (int k = 0; k < whole.length; k++) {
      whole[k] = k * 150 - 15_000;
    }
    float[] half = whole.clone();
    half[17] = 0.5f;
    float[] wide = whole.clone();
    wide[3] = 40_000;
    float[] nan = whole.clone();
    nan[9] = Float.NaN;
    Object[][] cases = {{whole, DataType.INT16}, {half, DataType.FLOAT32}, {wide, DataType.FLOAT32},
        {nan, DataType.FLOAT32}};
    for (Object[] c : cases) {
      Volume v = new Volume(7, 6, 5, (float[]) c[0], OBLIQUE);
      DataType expected = (DataType) c[1];
      assertEquals(expected, NiftiWriter.writeExact(v, dir.resolve("exact.nii"), DataType.INT16));
      NiftiWriter.write(v, dir.resolve("plain.nii"), expected);
      assertArrayEquals(java.nio.file.Files.readAllBytes(dir.resolve("plain.nii")),
          java.nio.file.Files.readAllBytes(dir.resolve("exact.nii")), expected.toString());
    }
  }
}
