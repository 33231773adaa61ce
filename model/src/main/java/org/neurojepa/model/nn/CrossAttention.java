package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/** Multi-head attention from queries [B, Q, D] to a separate token set [B, N, D]: q, kv, proj. */
public final class CrossAttention implements Layer {
  private final LinearLayer q;
  private final LinearLayer kv;
  private final LinearLayer proj;
  private final int dim;
  private final int heads;

  public CrossAttention(String prefix, int dim, int heads) {
    if (dim % heads != 0) {
      throw new IllegalArgumentException(heads + " heads do not divide width " + dim);
    }
    this.dim = dim;
    this.heads = heads;
    this.q = new LinearLayer(prefix + ".q", dim, dim, true, 0.02);
    this.kv = new LinearLayer(prefix + ".kv", dim, 2 * dim, true, 0.02);
    this.proj = new LinearLayer(prefix + ".proj", dim, dim, true, 0.02);
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    q.declare(specs);
    kv.declare(specs);
    proj.declare(specs);
  }

  public NDArray forward(ParameterStore p, NDArray queries, NDArray tokens) {
    long b = queries.getShape().get(0);
    long nq = queries.getShape().get(1);
    long n = tokens.getShape().get(1);
    int hd = dim / heads;
    NDArray qh = q.forward(p, queries).reshape(b, nq, heads, hd).transpose(0, 2, 1, 3);
    NDArray packed = kv.forward(p, tokens).reshape(b, n, 2, heads, hd).transpose(2, 0, 3, 1, 4);
    NDArray o = Attention.scaledDotProduct(qh, packed.get(0), packed.get(1));
    return proj.forward(p, o.transpose(0, 2, 1, 3).reshape(b, nq, dim));
  }
}
