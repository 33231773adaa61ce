package org.neurojepa.preprocessing.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.zip.Deflater;
import org.neurojepa.preprocessing.nifti.internal.BlockWriter;
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
  /** Header, then the 4 bytes of an empty extension list: the voxels start here. */
  private static final int VOX_OFFSET = 352;
  /** Voxels per block written (and compressed) at once: a few MB. */
  private static final int BLOCK_VOXELS = 1 << 19;
  private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
      PosixFilePermissions.fromString("rw-------"));

  private NiftiWriter() {}

  /** float32, both transforms coded as scanner anatomy. */
  public static void write(Volume volume, Path file) throws IOException {
    write(volume, file, DataType.FLOAT32, CoordinateSpace.SCANNER_ANAT);
  }

  public static void write(Volume volume, Path file, DataType type) throws IOException {
    write(volume, file, type, CoordinateSpace.SCANNER_ANAT);
  }

  public static void write(Volume volume, Path file, DataType type, CoordinateSpace space) throws IOException {
    write(volume, file, type, space, scaling(volume.voxels(), type));
  }

  /**
   * Writes {@code volume} as {@code integer} (unscaled) when that type holds every value exactly,
   * else as float32, both transforms coded as scanner anatomy; returns the type written. One pass
   * over the values decides both the type and the scaling.
   */
  public static DataType writeExact(Volume volume, Path file, DataType integer) throws IOException {
    DataType type = integer.holdsAll(ValueRange.of(volume.voxels())) ? integer : DataType.FLOAT32;
    write(volume, file, type, CoordinateSpace.SCANNER_ANAT, new double[] {1, 0});
    return type;
  }

  private static void write(Volume volume, Path file, DataType type, CoordinateSpace space, double[] scl)
      throws IOException {
    byte[] header = Arrays.copyOf(header(volume, type, space, scl), VOX_OFFSET);
    float[] v = volume.voxels();
    int voxelBlocks = (v.length + BLOCK_VOXELS - 1) / BLOCK_VOXELS;
    IntFunction<byte[]> block = i -> {
      if (i == 0) {
        return header;
      }
      int from = (i - 1) * BLOCK_VOXELS, to = Math.min(v.length, from + BLOCK_VOXELS);
      byte[] b = new byte[(to - from) * type.bytesPerVoxel()];
      encode(v, from, to, type, scl, b);
      return b;
    };
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = temporaryFile(dir, file.getFileName().toString());
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        BlockWriter.write(out, 1 + voxelBlocks, block, file.getFileName().toString().endsWith(".gz"),
            Deflater.BEST_SPEED);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * A new, empty, owner-only file beside the target, under a hidden name. Not Files.createTempFile:
   * its SecureRandom costs a cold JVM about 10 ms, and the name need only be unused, not unguessable.
   */
  private static Path temporaryFile(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".part");
      try {
        return Files.createFile(tmp, OWNER_ONLY);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      } catch (UnsupportedOperationException e) {
        return Files.createFile(tmp);
      }
    }
  }

  /** {slope, intercept} so that stored = round((value − intercept) / slope). */
  static double[] scaling(float[] v, DataType type) {
    if (!type.isInteger()) {
      return new double[] {1, 0};
    }
    ValueRange r = ValueRange.of(v);
    if (!r.hasFinite()) {
      return new double[] {1, 0};
    }
    double min = r.min(), max = r.max();
    if (r.whole() && min >= type.min() && max <= type.max()) {
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

  /**
   * Voxels {@code from}..{@code to} as little-endian {@code type} into {@code b}; the number of bytes.
   * One plain loop per type: this runs over every voxel of every file written, often in a JVM that
   * has not compiled it yet.
   */
  private static int encode(float[] v, int from, int to, DataType type, double[] scl, byte[] b) {
    double slope = scl[0], inter = scl[1], min = type.min(), max = type.max();
    int j = 0;
    switch (type) {
      case FLOAT32 -> {
        for (int k = from; k < to; k++, j += 4) {
          putInt(b, j, Float.floatToRawIntBits(v[k]));
        }
      }
      case FLOAT64 -> {
        for (int k = from; k < to; k++, j += 8) {
          long bits = Double.doubleToRawLongBits(v[k]);
          putInt(b, j, (int) bits);
          putInt(b, j + 4, (int) (bits >>> 32));
        }
      }
      case UINT8, INT8 -> {
        for (int k = from; k < to; k++) {
          b[j++] = (byte) stored(v[k], slope, inter, min, max);
        }
      }
      case INT16, UINT16 -> {
        boolean identity = slope == 1 && inter == 0;
        for (int k = from; k < to; k++, j += 2) {
          // whole numbers in range are written as they are, without a call (the common case)
          float f = v[k];
          int w = (int) f;
          long s = identity && w == f && w >= min && w <= max ? w : stored(f, slope, inter, min, max);
          b[j] = (byte) s;
          b[j + 1] = (byte) (s >> 8);
        }
      }
      case INT32 -> {
        for (int k = from; k < to; k++, j += 4) {
          putInt(b, j, (int) stored(v[k], slope, inter, min, max));
        }
      }
    }
    return j;
  }

  /** The stored integer: round((value − intercept) / slope) clamped to the type, 0 for NaN and ±∞. */
  private static long stored(float f, double slope, double inter, double min, double max) {
    double s = Float.isFinite(f) ? Math.rint((f - inter) / slope) : 0;
    return (long) Math.max(min, Math.min(max, s));
  }

  private static void putInt(byte[] b, int at, int x) {
    b[at] = (byte) x;
    b[at + 1] = (byte) (x >> 8);
    b[at + 2] = (byte) (x >> 16);
    b[at + 3] = (byte) (x >> 24);
  }
}
