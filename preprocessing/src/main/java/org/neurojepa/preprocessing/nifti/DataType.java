package org.neurojepa.preprocessing.nifti;

/** The NIfTI-1 voxel data types this project reads and writes, with their header codes. */
public enum DataType {
  UINT8(2, 8, 0, 255),
  INT16(4, 16, Short.MIN_VALUE, Short.MAX_VALUE),
  INT32(8, 32, Integer.MIN_VALUE, Integer.MAX_VALUE),
  FLOAT32(16, 32, -Float.MAX_VALUE, Float.MAX_VALUE),
  FLOAT64(64, 64, -Double.MAX_VALUE, Double.MAX_VALUE),
  INT8(256, 8, Byte.MIN_VALUE, Byte.MAX_VALUE),
  UINT16(512, 16, 0, 65535);

  private final int code;
  private final int bitsPerVoxel;
  private final double min;
  private final double max;

  DataType(int code, int bitsPerVoxel, double min, double max) {
    this.code = code;
    this.bitsPerVoxel = bitsPerVoxel;
    this.min = min;
    this.max = max;
  }

  /** The value of the header's {@code datatype} field. */
  public int code() {
    return code;
  }

  public int bitsPerVoxel() {
    return bitsPerVoxel;
  }

  public int bytesPerVoxel() {
    return bitsPerVoxel / 8;
  }

  /** Smallest stored value. */
  public double min() {
    return min;
  }

  /** Largest stored value. */
  public double max() {
    return max;
  }

  public boolean isInteger() {
    return this != FLOAT32 && this != FLOAT64;
  }

  /**
   * Whether this type stores {@code f} exactly: any float for the floating-point types; a whole
   * number within range (so not NaN or ±∞) for the integer types.
   */
  boolean holdsExactly(float f) {
    return !isInteger() || f >= min && f <= max && isWhole(f);
  }

  /** Whether this type stores every value of range {@code r} exactly ({@link #holdsExactly}). */
  boolean holdsAll(ValueRange r) {
    return !isInteger() || r.finite() && r.whole() && (!r.hasFinite() || r.min() >= min && r.max() <= max);
  }

  /** Whether a finite float is a whole number: {@code f == Math.rint(f)}, without the slow rint. */
  static boolean isWhole(float f) {
    // every float of magnitude 2^23 or more is whole; below that the int cast is exact
    return Math.abs(f) >= 0x1p23f || (float) (int) f == f;
  }

  /** The type with this header code, or null when this project does not support it. */
  static DataType ofCode(int code) {
    for (DataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** A readable name for any NIfTI-1 datatype code, for error messages. */
  static String describe(int code) {
    return switch (code) {
      case 1 -> "binary (1)";
      case 32 -> "complex64 (32)";
      case 128 -> "RGB24 (128)";
      case 768 -> "uint32 (768)";
      case 1024 -> "int64 (1024)";
      case 1280 -> "uint64 (1280)";
      case 1536 -> "float128 (1536)";
      case 1792 -> "complex128 (1792)";
      case 2048 -> "complex256 (2048)";
      case 2304 -> "RGBA32 (2304)";
      default -> {
        DataType t = ofCode(code);
        yield t == null ? "unknown (" + code + ")" : t.name().toLowerCase(java.util.Locale.ROOT) + " (" + code + ")";
      }
    };
  }
}
