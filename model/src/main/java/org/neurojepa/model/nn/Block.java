package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/** Pre-norm transformer block: x + attn(norm1 x), then x + mlp(norm2 x). */
public final class Block implements Layer {
  private final NormLayer norm1;
  private final Attention attn;
  private final NormLayer norm2;
  private final FeedForward mlp;

  public Block(String prefix, int dim, double eps, Attention attn, FeedForward mlp) {
    this.norm1 = new NormLayer(prefix + ".norm1", dim, eps);
    this.attn = attn;
    this.norm2 = new NormLayer(prefix + ".norm2", dim, eps);
    this.mlp = mlp;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    norm1.declare(specs);
    attn.declare(specs);
    norm2.declare(specs);
    mlp.declare(specs);
  }

  public NDArray forward(ParameterStore p, NDArray x, Rope3d.Tables tables, boolean training) {
    NDArray h = x.add(attn.forward(p, norm1.forward(p, x), tables));
    return h.add(mlp.forward(p, norm2.forward(p, h), training));
  }

  public FeedForward mlp() {
    return mlp;
  }
}
