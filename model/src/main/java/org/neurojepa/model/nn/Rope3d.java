package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * 3D rotary position embedding. A head of dimension {@code h} is split into three parts of
 * {@code 2F} dims (F = ⌊h/6⌋), one per axis (depth, height, width), and {@code h − 6F} dims that are
 * not rotated. Each part uses ω_k = θ^(−k/F), k = 0…F−1, laid out as halves
 * [ω0…ωF−1, ω0…ωF−1] and rotated with "rotate half": (x1, x2) → (x1·cos − x2·sin, x2·cos + x1·sin).
 * For the base encoder (h = 64) that is 20/20/20 + 4 dims with ω_k = 10000^(−k/10).
 */
public final class Rope3d {
  private final int headDim;
  private final int freqs;
  private final double theta;

  /** cos and sin, shaped [B, 1, N, headDim] to broadcast over heads. */
  public record Tables(NDArray cos, NDArray sin) {}

  public Rope3d(int headDim, double theta) {
    this.headDim = headDim;
    this.freqs = headDim / 6;
    this.theta = theta;
    if (freqs == 0) {
      throw new IllegalArgumentException("head dim " + headDim + " too small for 3D RoPE");
    }
  }

  public int frequencies() {
    return freqs;
  }

  public int headDim() {
    return headDim;
  }

  /** Frequency k of each axis: θ^(−k/F). */
  public double omega(int k) {
    return Math.pow(theta, -(double) k / freqs);
  }

  /** Tables for coordinates {@code coords[b][n] = {d, h, w}}. */
  public Tables tables(NDManager manager, int[][][] coords, DataType type) {
    int batch = coords.length;
    int n = coords[0].length;
    float[] cos = new float[batch * n * headDim];
    float[] sin = new float[batch * n * headDim];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < n; t++) {
        int base = (b * n + t) * headDim;
        for (int j = 0; j < headDim; j++) {
          if (j >= 6 * freqs) {
            cos[base + j] = 1f;
            continue;
          }
          int axis = j / (2 * freqs);
          int k = (j % (2 * freqs)) % freqs;
          double angle = coords[b][t][axis] * omega(k);
          cos[base + j] = (float) Math.cos(angle);
          sin[base + j] = (float) Math.sin(angle);
        }
      }
    }
    Shape shape = new Shape(batch, 1, n, headDim);
    NDArray c = OwnedTensors.of(manager, cos, shape);
    NDArray s = OwnedTensors.of(manager, sin, shape);
    if (type != DataType.FLOAT32) {
      c = c.toType(type, false);
      s = s.toType(type, false);
    }
    return new Tables(c, s);
  }

  /** Rotates x of shape [B, heads, N, headDim]. */
  public NDArray apply(NDArray x, Tables tables) {
    NDList parts = new NDList();
    for (int axis = 0; axis < 3; axis++) {
      int start = axis * 2 * freqs;
      NDArray x1 = x.get("..., " + start + ":" + (start + freqs));
      NDArray x2 = x.get("..., " + (start + freqs) + ":" + (start + 2 * freqs));
      parts.add(x2.neg());
      parts.add(x1);
    }
    if (6 * freqs < headDim) {
      parts.add(x.get("..., " + (6 * freqs) + ":"));
    }
    NDArray rotated = Concatenation.of(parts, -1);
    return x.mul(tables.cos()).add(rotated.mul(tables.sin()));
  }
}
