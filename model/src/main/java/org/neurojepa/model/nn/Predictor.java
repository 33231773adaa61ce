package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.PositionConvention;

/**
 * The pretraining predictor: context tokens are projected D→P, joined by one learned mask token per
 * target, sorted by token index, run through dense blocks of width P with gated RoPE attention
 * (predictor positions), un-sorted, normalised and projected back P→D; the outputs at the target
 * slots are the predictions.
 */
public final class Predictor implements Layer {
  private final NeuroJepaConfig config;
  private final LinearLayer embed;
  private final String maskToken = "mask_token";
  private final Rope3d rope;
  private final List<Block> blocks = new ArrayList<>();
  private final NormLayer norm;
  private final LinearLayer proj;

  public Predictor(NeuroJepaConfig config) {
    this.config = config;
    int p = config.predictorDim();
    this.embed = new LinearLayer("predictor_embed", config.embedDim(), p, true, 0.02);
    this.rope = new Rope3d(p / config.predictorHeads(), config.ropeTheta());
    for (int i = 0; i < config.predictorDepth(); i++) {
      String prefix = "predictor_blocks." + i;
      Attention attn = new Attention(prefix + ".attn", p, config.predictorHeads(), i + 1, true, rope);
      blocks.add(new Block(prefix, p, config.layerNormEps(), attn, new Mlp(prefix + ".mlp", p, 4 * p, p, i + 1)));
    }
    this.norm = new NormLayer("predictor_norm", p, config.layerNormEps());
    this.proj = new LinearLayer("predictor_proj", p, config.embedDim(), true, 0.02);
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    embed.declare(specs);
    specs.add(ParameterSpec.zeros(maskToken, 1, 1, config.predictorDim()));
    for (Block b : blocks) {
      b.declare(specs);
    }
    norm.declare(specs);
    proj.declare(specs);
  }

  public List<ParameterSpec> specs() {
    List<ParameterSpec> specs = new ArrayList<>();
    declare(specs);
    return specs;
  }

  /**
   * @param context encoder outputs for the context tokens [B, Kc, D]
   * @param contextIndex token index of each context row, [B][Kc]
   * @param targetIndex token indices to predict, [B][Kt]
   * @return predictions [B, Kt, D] in the order of {@code targetIndex}
   */
  public NDArray forward(ParameterStore p, NDArray context, long[][] contextIndex, long[][] targetIndex) {
    NDManager m = context.getManager();
    int batch = contextIndex.length;
    int kc = contextIndex[0].length;
    int kt = targetIndex[0].length;
    int width = config.predictorDim();
    NDArray x = embed.forward(p, context);
    NDArray masks = m.zeros(new Shape(batch, kt, width), x.getDataType()).add(p.get(maskToken));
    x = Concatenation.of(new NDList(x, masks), 1);

    long[][] all = new long[batch][];
    long[][] order = new long[batch][];
    long[][] inverse = new long[batch][];
    long[][] sortedIdx = new long[batch][];
    for (int b = 0; b < batch; b++) {
      if (contextIndex[b].length != kc || targetIndex[b].length != kt) {
        throw new IllegalArgumentException("every sample needs the same numbers of context and target tokens");
      }
      all[b] = new long[kc + kt];
      System.arraycopy(contextIndex[b], 0, all[b], 0, kc);
      System.arraycopy(targetIndex[b], 0, all[b], kc, kt);
      order[b] = argsort(all[b]);
      inverse[b] = new long[kc + kt];
      sortedIdx[b] = new long[kc + kt];
      for (int j = 0; j < order[b].length; j++) {
        inverse[b][(int) order[b][j]] = j;
        sortedIdx[b][j] = all[b][(int) order[b][j]];
      }
    }
    x = x.gather(Encoder.indexArray(m, order).expandDims(2).repeat(2, width), 1);
    Rope3d.Tables tables =
        rope.tables(m, Encoder.coordinates(config, sortedIdx, PositionConvention.Role.PREDICTOR), p.computeType());
    for (Block block : blocks) {
      x = Encoder.scoped(x, in -> block.forward(p, in, tables, false));
    }
    x = x.gather(Encoder.indexArray(m, inverse).expandDims(2).repeat(2, width), 1);
    NDArray targets = x.get(":, " + kc + ":, :");
    return proj.forward(p, norm.forward(p, targets));
  }

  private static long[] argsort(long[] values) {
    Long[] idx = new Long[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = (long) i;
    }
    Arrays.sort(idx, (a, b) -> Long.compare(values[a.intValue()], values[b.intValue()]));
    long[] out = new long[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  public long parameterCount() {
    return specs().stream().filter(s -> s.kind() == ParameterSpec.Kind.PARAMETER).mapToLong(ParameterSpec::size).sum();
  }
}
