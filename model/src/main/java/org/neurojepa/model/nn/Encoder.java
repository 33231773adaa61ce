package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.PositionConvention;

/**
 * The Neuro-JEPA encoder: patch embedding, blocks with gated RoPE attention (MoE MLP on odd
 * blocks), final LayerNorm. No absolute position embedding and no class token.
 */
public final class Encoder implements Layer {
  private final NeuroJepaConfig config;
  private final PatchEmbed patchEmbed;
  private final Rope3d rope;
  private final List<Block> blocks = new ArrayList<>();
  private final NormLayer norm;

  public Encoder(NeuroJepaConfig config) {
    this.config = config;
    int d = config.embedDim();
    this.patchEmbed = new PatchEmbed("patch_embed", d, config.patchSize());
    this.rope = new Rope3d(config.headDim(), config.ropeTheta());
    for (int i = 0; i < config.depth(); i++) {
      String prefix = "blocks." + i;
      int layer = i + 1;
      Attention attn = new Attention(prefix + ".attn", d, config.numHeads(), layer, true, rope);
      FeedForward mlp =
          config.isMoeBlock(i)
              ? new MoeLayer(prefix + ".mlp", d, config.numExperts(), config.expertHidden(), config.topK(),
                  config.routeScale(), config.sharedExpertHidden(), layer)
              : new Mlp(prefix + ".mlp", d, config.mlpHidden(), d, layer);
      blocks.add(new Block(prefix, d, config.layerNormEps(), attn, mlp));
    }
    this.norm = new NormLayer("norm", d, config.layerNormEps());
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    patchEmbed.declare(specs);
    for (Block b : blocks) {
      b.declare(specs);
    }
    norm.declare(specs);
  }

  public List<ParameterSpec> specs() {
    List<ParameterSpec> specs = new ArrayList<>();
    declare(specs);
    return specs;
  }

  /** Encodes every token of volumes [B, 1, D, H, W] (or [B, D, H, W]). */
  public NDArray forward(ParameterStore p, NDArray volume) {
    return forward(p, volume, null, false);
  }

  /**
   * Encodes volumes, keeping only the tokens {@code keep[b]} of each sample (all when null), in the
   * order given. Returns [B, K, D] in the store's compute type.
   */
  public NDArray forward(ParameterStore p, NDArray volume, long[][] keep, boolean training) {
    NDManager m = volume.getManager();
    NDArray v = volume.getShape().dimension() == 4 ? volume.expandDims(1) : volume;
    long b = v.getShape().get(0);
    if (v.getDataType() != p.computeType()) {
      v = v.toType(p.computeType(), false);
    }
    NDArray x = patchEmbed.forward(p, v);
    long[][] indices = keep == null ? allTokens((int) b, config.numTokens()) : keep;
    if (indices.length != b) {
      throw new IllegalArgumentException("keep has " + indices.length + " rows for a batch of " + b);
    }
    if (keep != null) {
      x = x.gather(indexArray(m, indices).expandDims(2).repeat(2, config.embedDim()), 1);
    }
    Rope3d.Tables tables =
        rope.tables(m, coordinates(config, indices, PositionConvention.Role.ENCODER), p.computeType());
    for (Block block : blocks) {
      x = scoped(x, in -> block.forward(p, in, tables, training));
    }
    return norm.forward(p, x);
  }

  /**
   * Runs {@code f} with intermediates in a sub-manager that is closed afterwards, so memory is
   * bounded by one block; the input stays where it was and the result joins it.
   */
  static NDArray scoped(NDArray x, java.util.function.UnaryOperator<NDArray> f) {
    NDManager parent = x.getManager();
    try (NDManager sub = parent.newSubManager()) {
      x.tempAttach(sub);
      NDArray out = f.apply(x);
      out.attach(parent);
      return out;
    }
  }

  static long[][] allTokens(int batch, int tokens) {
    long[][] all = new long[batch][tokens];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < tokens; t++) {
        all[b][t] = t;
      }
    }
    return all;
  }

  static NDArray indexArray(NDManager m, long[][] indices) {
    int rows = indices.length;
    int cols = indices[0].length;
    long[] flat = new long[rows * cols];
    for (int r = 0; r < rows; r++) {
      if (indices[r].length != cols) {
        throw new IllegalArgumentException("every sample must keep the same number of tokens");
      }
      System.arraycopy(indices[r], 0, flat, r * cols, cols);
    }
    return OwnedTensors.of(m, flat, new Shape(rows, cols));
  }

  static int[][][] coordinates(NeuroJepaConfig c, long[][] indices, PositionConvention.Role role) {
    int[][][] coords = new int[indices.length][][];
    for (int b = 0; b < indices.length; b++) {
      coords[b] = new int[indices[b].length][];
      for (int t = 0; t < indices[b].length; t++) {
        coords[b][t] =
            c.positions().coordinates((int) indices[b][t], c.gridDepth(), c.gridHeight(), c.gridWidth(), role);
      }
    }
    return coords;
  }

  public NeuroJepaConfig config() {
    return config;
  }

  public PatchEmbed patchEmbed() {
    return patchEmbed;
  }

  public List<Block> blocks() {
    return blocks;
  }

  public Rope3d rope() {
    return rope;
  }

  /** Trained parameters (buffers excluded). */
  public long parameterCount() {
    return specs().stream().filter(s -> s.kind() == ParameterSpec.Kind.PARAMETER).mapToLong(ParameterSpec::size).sum();
  }

  /** Parameters one token passes through: all dense parts, k routed experts, router and shared expert. */
  public long activeParameterCount() {
    long total = parameterCount();
    for (Block b : blocks) {
      if (b.mlp() instanceof MoeLayer moe) {
        total -= moe.parameters() - moe.activeParameters();
      }
    }
    return total;
  }
}
