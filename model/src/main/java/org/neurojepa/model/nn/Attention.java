package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Multi-head self-attention: qkv with bias, optional 3D RoPE on q and k, softmax(q·kᵀ/√d)·v, an
 * optional per-head output gate sigmoid(Linear D→heads) computed from the block's input, and the
 * output projection.
 */
public final class Attention implements Layer {
  private final LinearLayer qkv;
  private final LinearLayer proj;
  private final LinearLayer gate;
  private final Rope3d rope;
  private final int dim;
  private final int heads;

  /**
   * @param layerNumber 1-based block number; the output projection is initialised with std
   *     0.02/√(2·layerNumber)
   * @param gated whether the block has the release's per-head output gate
   * @param rope RoPE applied to q and k, or null for none
   */
  public Attention(String prefix, int dim, int heads, int layerNumber, boolean gated, Rope3d rope) {
    this.dim = dim;
    this.heads = heads;
    this.qkv = new LinearLayer(prefix + ".qkv", dim, 3 * dim, true, 0.02);
    this.proj = new LinearLayer(prefix + ".proj", dim, dim, true, 0.02 / Math.sqrt(2.0 * layerNumber));
    this.gate = gated ? new LinearLayer(prefix + ".proj_attn_gate", dim, heads, true, 0.02) : null;
    this.rope = rope;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    qkv.declare(specs);
    proj.declare(specs);
    if (gate != null) {
      gate.declare(specs);
    }
  }

  /** x: [B, N, D]; tables: RoPE tables for the N tokens (ignored when this layer has no RoPE). */
  public NDArray forward(ParameterStore p, NDArray x, Rope3d.Tables tables) {
    Shape s = x.getShape();
    long b = s.get(0);
    long n = s.get(1);
    int hd = dim / heads;
    NDArray packed = qkv.forward(p, x).reshape(b, n, 3, heads, hd).transpose(2, 0, 3, 1, 4);
    NDArray q = packed.get(0);
    NDArray k = packed.get(1);
    NDArray v = packed.get(2);
    if (rope != null) {
      q = rope.apply(q, tables);
      k = rope.apply(k, tables);
    }
    NDArray o = scaledDotProduct(q, k, v);
    if (gate != null) {
      NDArray g = ai.djl.nn.Activation.sigmoid(gate.forward(p, x));
      o = o.mul(g.transpose(0, 2, 1).expandDims(3));
    }
    o = o.transpose(0, 2, 1, 3).reshape(b, n, dim);
    return proj.forward(p, o);
  }

  /** softmax(q·kᵀ/√d)·v with the softmax in float32 for half-precision compute types (float64 stays float64). */
  static NDArray scaledDotProduct(NDArray q, NDArray k, NDArray v) {
    long hd = q.getShape().get(q.getShape().dimension() - 1);
    // Scaling q (N×d) costs less than scaling the scores (N×N).
    NDArray scores = OwnedTensors.times(q, 1.0 / Math.sqrt(hd)).matMul(k.transpose(0, 1, 3, 2));
    DataType type = scores.getDataType();
    NDArray weights =
        type == DataType.FLOAT32 || type == DataType.FLOAT64
            ? scores.softmax(-1)
            : scores.toType(DataType.FLOAT32, false).softmax(-1).toType(type, false);
    return weights.matMul(v);
  }

  public int heads() {
    return heads;
  }
}
