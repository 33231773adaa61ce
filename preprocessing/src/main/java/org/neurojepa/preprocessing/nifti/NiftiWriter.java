package org.neurojepa.preprocessing.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.neurojepa.preprocessing.nifti.internal.Qform;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Writes a volume as a single-file NIfTI-1 image, gzip-compressed when the name ends in
 * {@code .gz}, little-endian, with both sform (exact) and qform (the affine's rotation and voxel
 * sizes, qfac −1 for a left-handed affine) set and spatial units mm. Integer types get a
 * scl_slope/scl_inter that maps the volume's range onto the type's range unless the values are
 * already integers that fit. The file appears atomically (written under a temporary name first).
 */
public final class NiftiWriter {
  private static final int XYZT_MM = 2;

  private NiftiWriter() {}

  /** float32, both transforms coded as scanner anatomy. */
  public static void write(Volume volume, Path file) throws IOException {
    write(volume, file, DataType.FLOAT32, CoordinateSpace.SCANNER_ANAT);
  }

  public static void write(Volume volume, Path file, DataType type) throws IOException {
    write(volume, file, type, CoordinateSpace.SCANNER_ANAT);
  }

  public static void write(Volume volume, Path file, DataType type, CoordinateSpace space) throws IOException {
    double[] scl = scaling(volume.voxels(), type);
    byte[] header = header(volume, type, space, scl);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
    try {
      try (OutputStream raw = Files.newOutputStream(tmp)) {
        OutputStream out = file.getFileName().toString().endsWith(".gz")
            ? new FastGzip(raw) : new BufferedOutputStream(raw, 1 << 16);
        out.write(header);
        out.write(new byte[4]);
        writeVoxels(out, volume.voxels(), type, scl);
        out.close();
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** gzip at a fast level: model artefacts are written per series, on the critical path. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(new BufferedOutputStream(out, 1 << 16), 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** {slope, intercept} so that stored = round((value − intercept) / slope). */
  static double[] scaling(float[] v, DataType type) {
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
    if (min > max) {
      return new double[] {1, 0};
    }
    if (integral && min >= type.min() && max <= type.max()) {
      return new double[] {1, 0};
    }
    if (max == min) {
      return new double[] {1, min};
    }
    double slope = (max - min) / (type.max() - type.min());
    return new double[] {slope, min - type.min() * slope};
  }

  private static byte[] header(Volume v, DataType type, CoordinateSpace space, double[] scl) {
    ByteBuffer h = ByteBuffer.allocate(NiftiReader.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, NiftiReader.HEADER_SIZE);
    h.put(38, (byte) 'r');
    short[] dim = {3, (short) v.nx(), (short) v.ny(), (short) v.nz(), 1, 1, 1, 1};
    if (v.nx() > Short.MAX_VALUE || v.ny() > Short.MAX_VALUE || v.nz() > Short.MAX_VALUE) {
      throw new IllegalArgumentException("NIfTI-1 dimensions are at most 32767: " + v);
    }
    for (int k = 0; k < 8; k++) {
      h.putShort(40 + 2 * k, dim[k]);
    }
    h.putShort(70, (short) type.code());
    h.putShort(72, (short) type.bitsPerVoxel());
    Affine a = v.voxelToWorld();
    Qform q = Qform.of(a);
    float[] pixdim = {(float) q.qfac(), (float) q.dx(), (float) q.dy(), (float) q.dz(), 1, 1, 1, 1};
    for (int k = 0; k < 8; k++) {
      h.putFloat(76 + 4 * k, pixdim[k]);
    }
    h.putFloat(108, 352);
    h.putFloat(112, (float) scl[0]);
    h.putFloat(116, (float) scl[1]);
    h.put(123, (byte) XYZT_MM);
    byte[] descrip = "neurojepa".getBytes(StandardCharsets.US_ASCII);
    h.put(148, descrip);
    h.putShort(252, (short) space.code());
    h.putShort(254, (short) space.code());
    h.putFloat(256, (float) q.b());
    h.putFloat(260, (float) q.c());
    h.putFloat(264, (float) q.d());
    h.putFloat(268, (float) q.ox());
    h.putFloat(272, (float) q.oy());
    h.putFloat(276, (float) q.oz());
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        h.putFloat(280 + 16 * r + 4 * c, (float) a.get(r, c));
      }
    }
    h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
    return h.array();
  }

  private static void writeVoxels(OutputStream out, float[] v, DataType type, double[] scl) throws IOException {
    int chunk = 1 << 14;
    ByteBuffer b = ByteBuffer.allocate(chunk * type.bytesPerVoxel()).order(ByteOrder.LITTLE_ENDIAN);
    double slope = scl[0], inter = scl[1];
    for (int from = 0; from < v.length; from += chunk) {
      b.clear();
      int to = Math.min(v.length, from + chunk);
      for (int k = from; k < to; k++) {
        float f = v[k];
        switch (type) {
          case FLOAT32 -> b.putFloat(f);
          case FLOAT64 -> b.putDouble(f);
          default -> {
            double s = Float.isFinite(f) ? Math.rint((f - inter) / slope) : 0;
            s = Math.max(type.min(), Math.min(type.max(), s));
            switch (type) {
              case UINT8, INT8 -> b.put((byte) (long) s);
              case INT16, UINT16 -> b.putShort((short) (long) s);
              case INT32 -> b.putInt((int) (long) s);
              default -> throw new IllegalStateException(type.toString());
            }
          }
        }
      }
      out.write(b.array(), 0, b.position());
    }
  }
}
