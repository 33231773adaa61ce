package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Sparse mixture of experts: each token goes through its top-k routed experts, weighted by the
 * router, plus one always-on shared expert. Only the chosen experts run: tokens are grouped by
 * expert, each expert runs once on its group, and the results are scattered back.
 */
public final class MoeLayer implements FeedForward {
  private final Router router;
  private final List<Mlp> experts = new ArrayList<>();
  private final Mlp shared;
  private final String counts;
  private final int numExperts;
  private final int topK;
  private final long expertParams;
  private final long sharedParams;

  public MoeLayer(
      String prefix, int dim, int numExperts, int expertHidden, int topK, double routeScale,
      int sharedHidden, int layerNumber) {
    this.router = new Router(prefix + ".gate", dim, numExperts, topK, routeScale);
    for (int e = 0; e < numExperts; e++) {
      experts.add(new Mlp(prefix + ".experts." + e, dim, expertHidden, dim, layerNumber));
    }
    this.shared = new Mlp(prefix + ".shared_experts", dim, sharedHidden, dim, layerNumber);
    this.counts = prefix + ".counts";
    this.numExperts = numExperts;
    this.topK = topK;
    this.expertParams = experts.get(0).activeParameters();
    this.sharedParams = shared.activeParameters();
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    router.declare(specs);
    specs.add(ParameterSpec.counter(counts, numExperts));
    for (Mlp e : experts) {
      e.declare(specs);
    }
    shared.declare(specs);
  }

  @Override
  public NDArray forward(ParameterStore p, NDArray x, boolean training) {
    Shape shape = x.getShape();
    long dim = shape.get(shape.dimension() - 1);
    NDArray flat = x.reshape(-1, dim);
    int tokens = Math.toIntExact(flat.getShape().get(0));
    Router.Routing routing = router.route(p, flat);
    long[] chosen = routing.experts();

    // Group the (token, slot) pairs by expert with a counting sort.
    int pairs = tokens * topK;
    int[] perExpert = new int[numExperts];
    for (long e : chosen) {
      perExpert[(int) e]++;
    }
    int[] start = new int[numExperts + 1];
    for (int e = 0; e < numExperts; e++) {
      start[e + 1] = start[e] + perExpert[e];
    }
    int[] fill = start.clone();
    long[] order = new long[pairs];
    long[] tokenOf = new long[pairs];
    long[] inverse = new long[pairs];
    for (int i = 0; i < pairs; i++) {
      int pos = fill[(int) chosen[i]]++;
      order[pos] = i;
      tokenOf[pos] = i / topK;
      inverse[i] = pos;
    }
    NDManager m = flat.getManager();
    NDArray grouped = flat.get(new NDIndex("{}", OwnedTensors.of(m, tokenOf)));
    NDList outputs = new NDList();
    for (int e = 0; e < numExperts; e++) {
      if (perExpert[e] > 0) {
        NDArray part = grouped.get(new NDIndex(start[e] + ":" + start[e + 1]));
        outputs.add(experts.get(e).forward(p, part));
      }
    }
    NDArray weights = routing.weights().reshape(pairs).get(new NDIndex("{}", OwnedTensors.of(m, order)));
    NDArray all = Concatenation.of(outputs, 0);
    NDArray mixed = all.mul(weights.toType(x.getDataType(), false).reshape(pairs, 1));
    NDArray routed = mixed.get(new NDIndex("{}", OwnedTensors.of(m, inverse))).reshape(tokens, topK, dim).sum(new int[] {1});
    NDArray out = routed.add(shared.forward(p, flat));
    if (training) {
      long[] add = new long[numExperts];
      for (int e = 0; e < numExperts; e++) {
        add[e] = perExpert[e];
      }
      p.replace(counts, m.create(add).add(p.get(counts)));
    }
    return out.reshape(shape);
  }

  @Override
  public long activeParameters() {
    return router.parameters() + topK * expertParams + sharedParams;
  }

  public long parameters() {
    return router.parameters() + numExperts * expertParams + sharedParams;
  }

  public Router router() {
    return router;
  }

  public String countsKey() {
    return counts;
  }
}
