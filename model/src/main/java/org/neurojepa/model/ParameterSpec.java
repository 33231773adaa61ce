package org.neurojepa.model;

import java.util.Arrays;

/**
 * One named tensor of a model: its key (the release's key name), shape, whether it is trained, and
 * how a fresh model initialises it.
 */
public record ParameterSpec(String name, long[] shape, Kind kind, Init init, double std) {

  /** A trained parameter, a float buffer that is not trained, or an int64 counter buffer. */
  public enum Kind {
    PARAMETER,
    BUFFER,
    COUNTER
  }

  public enum Init {
    TRUNCATED_NORMAL,
    ZEROS,
    ONES
  }

  public ParameterSpec {
    shape = shape.clone();
  }

  public static ParameterSpec normal(String name, double std, long... shape) {
    return new ParameterSpec(name, shape, Kind.PARAMETER, Init.TRUNCATED_NORMAL, std);
  }

  public static ParameterSpec zeros(String name, long... shape) {
    return new ParameterSpec(name, shape, Kind.PARAMETER, Init.ZEROS, 0);
  }

  public static ParameterSpec ones(String name, long... shape) {
    return new ParameterSpec(name, shape, Kind.PARAMETER, Init.ONES, 0);
  }

  public static ParameterSpec buffer(String name, long... shape) {
    return new ParameterSpec(name, shape, Kind.BUFFER, Init.ZEROS, 0);
  }

  public static ParameterSpec counter(String name, long... shape) {
    return new ParameterSpec(name, shape, Kind.COUNTER, Init.ZEROS, 0);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public String shapeText() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParameterSpec p
        && name.equals(p.name)
        && Arrays.equals(shape, p.shape)
        && kind == p.kind
        && init == p.init
        && Double.compare(std, p.std) == 0;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + shapeText();
  }
}
