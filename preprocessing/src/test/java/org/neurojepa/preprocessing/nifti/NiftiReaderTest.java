package org.neurojepa.preprocessing.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.preprocessing.testing.Colin27;
import org.neurojepa.preprocessing.testing.Nibabel;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

class NiftiReaderTest {
  @TempDir Path dir;

  @Test
  void readsColin27AsNibabelDoes() throws IOException {
    NiftiImage image = NiftiReader.readImage(Colin27.T1);
    String out = Nibabel.run(dir, """
        import sys, nibabel as nb, numpy as np
        i = nb.load(sys.argv[1]); d = np.asarray(i.dataobj).astype(np.float64)
        print(*i.shape, int(i.header['sform_code']), int(i.header['qform_code']))
        print(*i.affine[:3].ravel())
        print(d.sum(), d.max(), d[90, 108, 90], d[60, 150, 100], d[120, 40, 30])
        """, Colin27.T1.toString());
    double[] n = Nibabel.numbers(out);
    Volume v = image.volume();
    assertArrayEquals(new double[] {181, 217, 181}, new double[] {v.nx(), v.ny(), v.nz()});
    assertEquals(DataType.UINT8, image.header().dataType());
    assertEquals((int) n[3], image.header().sformCode());
    assertEquals((int) n[4], image.header().qformCode());
    assertArrayEquals(Arrays.copyOfRange(n, 5, 17), Arrays.copyOf(v.voxelToWorld().toArray(), 12), 0);
    double sum = 0, max = 0;
    for (float f : v.voxels()) {
      sum += f;
      max = Math.max(max, f);
    }
    assertEquals(n[17], sum, 0);
    assertEquals(n[18], max, 0);
    assertEquals(n[19], v.get(90, 108, 90), 0);
    assertEquals(n[20], v.get(60, 150, 100), 0);
    assertEquals(n[21], v.get(120, 40, 30), 0);
  }

  @Test
  void readsEveryDatatypeInEitherByteOrderWithScaling() throws IOException {
    String script = """
        import sys, nibabel as nb, numpy as np
        out = sys.argv[1]
        aff = np.array([[0.9, 0.1, 0, -40], [-0.1, 0.9, 0, 12], [0, 0, 2.5, -30], [0, 0, 0, 1]])
        for endian in '<>':
          for name in ['u1', 'i1', 'i2', 'u2', 'i4', 'f4', 'f8']:
            data = (np.arange(5 * 4 * 3) % 50 + 2).reshape((3, 4, 5)).T.astype(endian + name)
            h = nb.Nifti1Header(endianness=endian)
            h.set_data_dtype(data.dtype)
            img = nb.Nifti1Image(data, aff, h)
            img.header.set_slope_inter(0.5, -3)
            nb.save(img, f'{out}/{name}{endian == ">" and "be" or "le"}.nii')
        """;
    Nibabel.run(dir, script, dir.toString());
    for (String order : new String[] {"le", "be"}) {
      for (String name : new String[] {"u1", "i1", "i2", "u2", "i4", "f4", "f8"}) {
        NiftiImage img = NiftiReader.readImage(dir.resolve(name + order + ".nii"));
        Volume v = img.volume();
        assertEquals(order.equals("be"), img.header().bigEndian(), name + order);
        assertEquals(5, v.nx());
        assertEquals(4, v.ny());
        assertEquals(3, v.nz());
        for (int k = 0; k < 60; k++) {
          assertEquals((k % 50 + 2) * 0.5 - 3, v.voxels()[k], 0, name + order + " voxel " + k);
        }
        assertTrue(v.voxelToWorld().maxAbsDifference(
            Affine.ofRows(0.9, 0.1, 0, -40, -0.1, 0.9, 0, 12, 0, 0, 2.5, -30)) < 1e-6, name + order);
      }
    }
  }

  @Test
  void fallsBackToQformThenToPixdimScaling() throws IOException {
    Nibabel.run(dir, """
        import sys, nibabel as nb, numpy as np
        out = sys.argv[1]
        aff = np.array([[0, 0, -1.5, 80], [1.2, 0, 0, -100], [0, 1.2, 0, -90], [0, 0, 0, 1]])
        img = nb.Nifti1Image(np.zeros((3, 4, 5), np.float32), None)
        img.header.set_qform(aff, code=1); img.header.set_sform(None, code=0)
        nb.save(img, out + '/q.nii.gz')
        img = nb.Nifti1Image(np.zeros((3, 4, 5), np.float32), None)
        img.header.set_zooms((2, 3, 4)); img.header.set_qform(None, code=0); img.header.set_sform(None, code=0)
        nb.save(img, out + '/none.nii')
        print(*nb.load(out + '/q.nii.gz').affine[:3].ravel())
        """, dir.toString());
    Volume q = NiftiReader.read(dir.resolve("q.nii.gz"));
    assertTrue(q.voxelToWorld().maxAbsDifference(Affine.ofRows(0, 0, -1.5, 80, 1.2, 0, 0, -100, 0, 1.2, 0, -90)) < 1e-5,
        q.voxelToWorld().toString());
    Volume none = NiftiReader.read(dir.resolve("none.nii"));
    assertEquals(Affine.scaling(2, 3, 4), none.voxelToWorld());
  }

  @Test
  void corruptTruncatedAndUnsupportedFilesGiveClearErrors() throws IOException {
    Path good = dir.resolve("good.nii");
    NiftiWriter.write(new Volume(10, 10, 10, new float[1000], Affine.identity()), good);
    byte[] bytes = Files.readAllBytes(good);

    Path cut = dir.resolve("cut.nii");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 100));
    assertMessage(cut, "truncated");

    Path shortHeader = dir.resolve("short.nii");
    Files.write(shortHeader, Arrays.copyOf(bytes, 200));
    assertMessage(shortHeader, "truncated");

    Path empty = dir.resolve("empty.nii");
    Files.write(empty, new byte[0]);
    assertMessage(empty, "empty");

    Path gz = dir.resolve("good.nii.gz");
    NiftiWriter.write(new Volume(10, 10, 10, noise(1000), Affine.identity()), gz);
    byte[] gzBytes = Files.readAllBytes(gz);
    Path cutGz = dir.resolve("cut.nii.gz");
    Files.write(cutGz, Arrays.copyOf(gzBytes, gzBytes.length / 2));
    assertMessage(cutGz, "gzip stream is truncated");

    Path corruptGz = dir.resolve("corrupt.nii.gz");
    byte[] broken = gzBytes.clone();
    for (int k = 20; k < broken.length - 20; k += 7) {
      broken[k] ^= 0x5a;
    }
    Files.write(corruptGz, broken);
    assertMessage(corruptGz, "gzip stream");

    Path text = dir.resolve("text.nii");
    Files.writeString(text, "this is not an image".repeat(30));
    assertMessage(text, "not a NIfTI-1 file");

    Nibabel.run(dir, """
        import sys, nibabel as nb, numpy as np
        out = sys.argv[1]
        nb.save(nb.Nifti1Image(np.zeros((3, 4, 5, 6), np.float32), np.eye(4)), out + '/four.nii')
        nb.save(nb.Nifti1Image(np.zeros((3, 4, 5, 1), np.float32), np.eye(4)), out + '/four1.nii')
        nb.save(nb.Nifti1Image(np.zeros((3, 4, 5), np.complex64), np.eye(4)), out + '/complex.nii')
        nb.save(nb.Nifti2Image(np.zeros((3, 4, 5), np.float32), np.eye(4)), out + '/two.nii')
        """, dir.toString());
    assertMessage(dir.resolve("four.nii"), "dim[4] = 6 (time points or volumes): only 3-D volumes");
    assertEquals(60, NiftiReader.read(dir.resolve("four1.nii")).voxelCount());
    assertMessage(dir.resolve("complex.nii"), "unsupported datatype complex64 (32)");
    assertMessage(dir.resolve("two.nii"), "NIfTI-2");
  }

  private static void assertMessage(Path file, String expected) {
    NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> NiftiReader.read(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
  }

  static float[] noise(int n) {
    java.util.Random r = new java.util.Random(7);
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = (float) r.nextGaussian();
    }
    return v;
  }
}
