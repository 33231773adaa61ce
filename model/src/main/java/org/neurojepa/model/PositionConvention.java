package org.neurojepa.model;

/**
 * How a flat token index becomes the (depth, height, width) coordinates that 3D RoPE rotates by.
 *
 * <p>The released weights were trained with positions that do not follow the patch grid: the
 * encoder divides by the grid's height where the row length is its width, and the predictor
 * assumes a cube of side {@code width}. On the 8×9×8 grid these are exactly the release's
 * {@code (idx // 72, (idx % 72) // 9, (idx % 72) % 9)} and {@code (idx // 64, (idx % 64) // 8,
 * idx % 8)}. Released weights only reproduce their features with {@link #RELEASE}; models we
 * train ourselves use {@link #GEOMETRIC}.
 */
public enum PositionConvention {
  RELEASE,
  GEOMETRIC;

  /** The part of the model asking: encoder and predictor used different quirks in the release. */
  public enum Role {
    ENCODER,
    PREDICTOR
  }

  /** Coordinates {depth, height, width} of token {@code index} on a grid of the given sizes. */
  public int[] coordinates(int index, int gridDepth, int gridHeight, int gridWidth, Role role) {
    if (index < 0 || index >= gridDepth * gridHeight * gridWidth) {
      throw new IllegalArgumentException(
          "token index " + index + " outside a " + gridDepth + "x" + gridHeight + "x" + gridWidth + " grid");
    }
    if (this == GEOMETRIC) {
      int plane = gridHeight * gridWidth;
      return new int[] {index / plane, (index % plane) / gridWidth, index % gridWidth};
    }
    if (role == Role.ENCODER) {
      int plane = gridHeight * gridWidth;
      int rem = index % plane;
      return new int[] {index / plane, rem / gridHeight, rem % gridHeight};
    }
    int plane = gridWidth * gridWidth;
    return new int[] {index / plane, (index % plane) / gridWidth, index % gridWidth};
  }
}
