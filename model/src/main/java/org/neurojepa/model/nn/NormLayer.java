package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/** LayerNorm over the last axis with affine weight and bias. */
public final class NormLayer implements Layer {
  private final String weight;
  private final String bias;
  private final int dim;
  private final float eps;

  public NormLayer(String prefix, int dim, double eps) {
    this.weight = prefix + ".weight";
    this.bias = prefix + ".bias";
    this.dim = dim;
    this.eps = (float) eps;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    specs.add(ParameterSpec.ones(weight, dim));
    specs.add(ParameterSpec.zeros(bias, dim));
  }

  public NDArray forward(ParameterStore p, NDArray x) {
    return x.getNDArrayInternal()
        .layerNorm(x, new Shape(dim), p.get(weight), p.get(bias), eps)
        .singletonOrThrow();
  }
}
