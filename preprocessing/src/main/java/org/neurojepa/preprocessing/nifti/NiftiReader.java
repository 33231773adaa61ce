package org.neurojepa.preprocessing.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.neurojepa.preprocessing.nifti.internal.Qform;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * Reads single-file NIfTI-1 images ({@code .nii}, or gzip-compressed whatever the name says: the
 * magic bytes decide), either byte order. Geometry follows the standard's precedence: sform when
 * sform_code &gt; 0, else qform when qform_code &gt; 0, else pixdim scaling with the origin at voxel
 * (0, 0, 0) (NIfTI-1 "method 1"; nibabel instead centres an Analyze-style flipped grid there).
 */
public final class NiftiReader {
  static final int HEADER_SIZE = 348;
  private static final int NIFTI2_HEADER_SIZE = 540;

  private NiftiReader() {}

  /** The volume, values scaled by scl_slope/scl_inter when the slope is non-zero. */
  public static Volume read(Path file) throws IOException {
    return readImage(file).volume();
  }

  /** Header and volume. */
  public static NiftiImage readImage(Path file) throws IOException {
    byte[] bytes = readBytes(file);
    NiftiHeader header = parseHeader(file, bytes);
    return new NiftiImage(header, decodeVoxels(file, bytes, header));
  }

  /** The header only (the whole file is still decompressed when gzipped). */
  public static NiftiHeader readHeader(Path file) throws IOException {
    return parseHeader(file, readBytes(file));
  }

  private static byte[] readBytes(Path file) throws IOException {
    byte[] magic = new byte[2];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(magic, 0, 2);
      if (n < 2) {
        throw new NiftiFormatException(file, "file is empty or shorter than a NIfTI header (" + n + " bytes)");
      }
    }
    boolean gzip = (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    if (!gzip) {
      return Files.readAllBytes(file);
    }
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
      return in.readAllBytes();
    } catch (EOFException e) {
      throw new NiftiFormatException(file, "gzip stream is truncated (file cut short)", e);
    } catch (ZipException e) {
      throw new NiftiFormatException(file, "gzip stream is corrupt: " + e.getMessage(), e);
    }
  }

  static NiftiHeader parseHeader(Path file, byte[] bytes) throws NiftiFormatException {
    if (bytes.length < HEADER_SIZE) {
      throw new NiftiFormatException(file,
          "truncated: " + bytes.length + " bytes, shorter than the " + HEADER_SIZE + "-byte NIfTI-1 header");
    }
    ByteBuffer h = ByteBuffer.wrap(bytes, 0, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int size = h.getInt(0);
    if (size != HEADER_SIZE) {
      h.order(ByteOrder.BIG_ENDIAN);
      size = h.getInt(0);
      if (size != HEADER_SIZE) {
        int le = Integer.reverseBytes(size);
        if (size == NIFTI2_HEADER_SIZE || le == NIFTI2_HEADER_SIZE) {
          throw new NiftiFormatException(file, "NIfTI-2 files are not supported (sizeof_hdr 540); convert to NIfTI-1");
        }
        throw new NiftiFormatException(file, "not a NIfTI-1 file: sizeof_hdr is " + le + ", expected 348");
      }
    }
    boolean bigEndian = h.order() == ByteOrder.BIG_ENDIAN;
    String magic = new String(bytes, 344, 3, StandardCharsets.US_ASCII);
    if (magic.equals("ni1")) {
      throw new NiftiFormatException(file,
          "a NIfTI-1 header of a .hdr/.img pair (magic \"ni1\"): only single-file .nii/.nii.gz images are supported");
    }
    if (!magic.equals("n+1") || bytes[347] != 0) {
      throw new NiftiFormatException(file, "not a NIfTI-1 file: magic is not \"n+1\"");
    }
    int[] dim = new int[8];
    for (int k = 0; k < 8; k++) {
      dim[k] = h.getShort(40 + 2 * k);
    }
    if (dim[0] < 1 || dim[0] > 7) {
      throw new NiftiFormatException(file, "dim[0] must be 1..7, got " + dim[0]);
    }
    for (int k = 1; k <= dim[0]; k++) {
      if (dim[k] < 1) {
        throw new NiftiFormatException(file, "dim[" + k + "] must be positive, got " + dim[k]);
      }
    }
    for (int k = 4; k <= dim[0]; k++) {
      if (dim[k] > 1) {
        throw new NiftiFormatException(file, "a " + dim[0] + "-D image with dim[" + k + "] = " + dim[k]
            + " (" + describeExtraAxis(k) + "): only 3-D volumes are supported; extract one volume first");
      }
    }
    int code = h.getShort(70);
    DataType type = DataType.ofCode(code);
    if (type == null) {
      throw new NiftiFormatException(file, "unsupported datatype " + DataType.describe(code)
          + "; supported: uint8, int8, int16, uint16, int32, float32, float64");
    }
    double[] pixdim = new double[8];
    for (int k = 0; k < 8; k++) {
      pixdim[k] = h.getFloat(76 + 4 * k);
    }
    double voxOffset = h.getFloat(108);
    // vox_offset 0 in a single file is an old writer's habit (Colin27 has it); the data follow the
    // header and its 4 extension bytes.
    long offset = voxOffset < 352 ? 352 : (long) voxOffset;
    double slope = h.getFloat(112);
    double inter = h.getFloat(116);
    int qformCode = h.getShort(252);
    int sformCode = h.getShort(254);
    Optional<Affine> qform = Optional.empty();
    Optional<Affine> sform = Optional.empty();
    try {
      if (qformCode > 0) {
        double qfac = pixdim[0] < 0 ? -1 : 1;
        qform = Optional.of(new Qform(h.getFloat(256), h.getFloat(260), h.getFloat(264),
            positive(pixdim[1]), positive(pixdim[2]), positive(pixdim[3]), qfac,
            h.getFloat(268), h.getFloat(272), h.getFloat(276)).toAffine());
      }
      if (sformCode > 0) {
        double[] rows = new double[12];
        for (int k = 0; k < 12; k++) {
          rows[k] = h.getFloat(280 + 4 * k);
        }
        sform = Optional.of(Affine.ofRows(rows));
        sform.get().inverse();
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new NiftiFormatException(file, "corrupt orientation: " + e.getMessage(), e);
    }
    Affine affine;
    if (sform.isPresent()) {
      affine = sform.get();
    } else if (qform.isPresent()) {
      affine = qform.get();
    } else {
      affine = Affine.scaling(positive(pixdim[1]), positive(pixdim[2]), positive(pixdim[3]));
    }
    String descrip = cString(bytes, 148, 80);
    return new NiftiHeader(dim, type, pixdim, offset, slope, inter, qformCode, sformCode, qform, sform, affine,
        bytes[123] & 0xff, descrip, bigEndian);
  }

  private static String describeExtraAxis(int k) {
    return k == 4 ? "time points or volumes" : "extra dimension " + k;
  }

  /** Zero, negative or non-finite voxel sizes are read as 1 mm, as other readers do. */
  private static double positive(double v) {
    return Double.isFinite(v) && v != 0 ? Math.abs(v) : 1;
  }

  private static String cString(byte[] b, int from, int len) {
    int end = from;
    while (end < from + len && b[end] != 0) {
      end++;
    }
    return new String(b, from, end - from, StandardCharsets.ISO_8859_1).trim();
  }

  private static Volume decodeVoxels(Path file, byte[] bytes, NiftiHeader header) throws NiftiFormatException {
    int[] dim = header.dim();
    int nx = dim[1];
    int ny = dim[0] >= 2 ? dim[2] : 1;
    int nz = dim[0] >= 3 ? dim[3] : 1;
    long count = (long) nx * ny * nz;
    DataType type = header.dataType();
    long need = count * type.bytesPerVoxel();
    if (count > Integer.MAX_VALUE - 8) {
      throw new NiftiFormatException(file, "volume too large: " + nx + "×" + ny + "×" + nz);
    }
    if (header.voxOffset() + need > bytes.length) {
      throw new NiftiFormatException(file, "truncated: " + nx + "×" + ny + "×" + nz + " " + type
          + " voxels need " + need + " bytes after offset " + header.voxOffset() + ", the (decompressed) file has "
          + Math.max(0, bytes.length - header.voxOffset()));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(header.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int base = (int) header.voxOffset();
    float[] v = new float[(int) count];
    switch (type) {
      case UINT8 -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = bytes[base + k] & 0xff;
        }
      }
      case INT8 -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = bytes[base + k];
        }
      }
      case INT16 -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = b.getShort(base + 2 * k);
        }
      }
      case UINT16 -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = b.getShort(base + 2 * k) & 0xffff;
        }
      }
      case INT32 -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = b.getInt(base + 4 * k);
        }
      }
      case FLOAT32 -> b.position(base).slice().order(b.order()).asFloatBuffer().get(v);
      case FLOAT64 -> {
        for (int k = 0; k < v.length; k++) {
          v[k] = (float) b.getDouble(base + 8 * k);
        }
      }
      default -> throw new IllegalStateException(type.toString());
    }
    if (header.scaled()) {
      double s = header.sclSlope(), c = header.sclInter();
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) (v[k] * s + c);
      }
    }
    return new Volume(nx, ny, nz, v, header.affine());
  }
}
