package org.neurojepa.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor in host memory as a safetensors file stores it: element type code ({@code F32},
 * {@code F16}, {@code BF16}, {@code F64}, {@code I64}), shape, and little-endian bytes.
 */
public record HostTensor(String dtype, long[] shape, byte[] data) {

  public HostTensor {
    shape = shape.clone();
    long expected = elementCount(shape) * elementSize(dtype);
    if (expected != data.length) {
      throw new IllegalArgumentException(
          "tensor " + dtype + Arrays.toString(shape) + " needs " + expected + " bytes, has " + data.length);
    }
  }

  public static HostTensor ofFloats(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new HostTensor("F32", shape, b.array());
  }

  public static HostTensor ofLongs(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new HostTensor("I64", shape, b.array());
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long elementCount() {
    return elementCount(shape);
  }

  public boolean isFloating() {
    return switch (dtype) {
      case "F32", "F16", "BF16", "F64" -> true;
      default -> false;
    };
  }

  /** The values widened to float (F32, F16, BF16, F64 → float). */
  public float[] toFloats() {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(elementCount());
    float[] out = new float[n];
    switch (dtype) {
      case "F32" -> b.asFloatBuffer().get(out);
      case "F64" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case "BF16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
        }
      }
      case "F16" -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(i * 2));
        }
      }
      default -> throw new IllegalArgumentException("tensor of type " + dtype + " is not floating point");
    }
    return out;
  }

  public long[] toLongs() {
    if (!"I64".equals(dtype)) {
      throw new IllegalArgumentException("tensor of type " + dtype + " is not I64");
    }
    long[] out = new long[Math.toIntExact(elementCount())];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    return out;
  }

  public static int elementSize(String dtype) {
    return switch (dtype) {
      case "F64", "I64", "U64" -> 8;
      case "F32", "I32", "U32" -> 4;
      case "F16", "BF16", "I16", "U16" -> 2;
      case "I8", "U8", "BOOL" -> 1;
      default -> throw new IllegalArgumentException("unsupported safetensors dtype '" + dtype + "'");
    };
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor t
        && dtype.equals(t.dtype)
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return dtype.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return dtype + Arrays.toString(shape);
  }
}
