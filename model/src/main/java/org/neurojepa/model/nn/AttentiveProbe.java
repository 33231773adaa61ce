package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Attentive probe over encoder tokens: (depth − 1) self-attention blocks, then one learned query
 * cross-attends to the tokens (q + xattn(q, norm1 x), then + mlp(norm2 ·)), then Linear D→classes.
 * Probe blocks use plain attention (no RoPE, no gate), as a pooling head over features that already
 * carry position.
 */
public final class AttentiveProbe implements Layer {
  private final String query;
  private final int dim;
  private final List<Block> blocks = new ArrayList<>();
  private final NormLayer norm1;
  private final CrossAttention xattn;
  private final NormLayer norm2;
  private final Mlp mlp;
  private final LinearLayer linear;
  private final int classes;

  public AttentiveProbe(String prefix, int dim, int heads, int depth, int classes, double eps) {
    if (depth < 1 || classes < 1) {
      throw new IllegalArgumentException("probe depth and classes must be ≥ 1");
    }
    String pooler = prefix.isEmpty() ? "pooler" : prefix + ".pooler";
    this.query = pooler + ".query_tokens";
    this.dim = dim;
    for (int i = 0; i < depth - 1; i++) {
      String bp = pooler + ".blocks." + i;
      blocks.add(new Block(bp, dim, eps, new Attention(bp + ".attn", dim, heads, i + 1, false, null),
          new Mlp(bp + ".mlp", dim, 4 * dim, dim, i + 1)));
    }
    String cb = pooler + ".cross_attention_block";
    this.norm1 = new NormLayer(cb + ".norm1", dim, eps);
    this.xattn = new CrossAttention(cb + ".xattn", dim, heads);
    this.norm2 = new NormLayer(cb + ".norm2", dim, eps);
    this.mlp = new Mlp(cb + ".mlp", dim, 4 * dim, dim, 1);
    this.linear = new LinearLayer(prefix.isEmpty() ? "linear" : prefix + ".linear", dim, classes, true, 0.02);
    this.classes = classes;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    specs.add(ParameterSpec.normal(query, 0.02, 1, 1, dim));
    for (Block b : blocks) {
      b.declare(specs);
    }
    norm1.declare(specs);
    xattn.declare(specs);
    norm2.declare(specs);
    mlp.declare(specs);
    linear.declare(specs);
  }

  /** tokens [B, N, D] → logits [B, classes]. */
  public NDArray forward(ParameterStore p, NDArray tokens) {
    NDArray x = tokens;
    for (Block b : blocks) {
      x = b.forward(p, x, null, false);
    }
    long batch = x.getShape().get(0);
    NDArray q = x.getManager().zeros(new ai.djl.ndarray.types.Shape(batch, 1, dim), x.getDataType()).add(p.get(query));
    q = q.add(xattn.forward(p, q, norm1.forward(p, x)));
    q = q.add(mlp.forward(p, norm2.forward(p, q)));
    return linear.forward(p, q.reshape(batch, dim));
  }

  public int classes() {
    return classes;
  }
}
