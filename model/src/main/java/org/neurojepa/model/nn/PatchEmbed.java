package org.neurojepa.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.neurojepa.model.ParameterSpec;
import org.neurojepa.model.ParameterStore;

/**
 * Conv3d 1→D with kernel = stride = patch; tokens are flattened row-major over the
 * (depth, height, width) grid: index = i·(H·W) + j·W + k.
 */
public final class PatchEmbed implements Layer {
  private final String weight;
  private final String bias;
  private final int dim;
  private final int patch;

  public PatchEmbed(String prefix, int dim, int patch) {
    this.weight = prefix + ".proj.weight";
    this.bias = prefix + ".proj.bias";
    this.dim = dim;
    this.patch = patch;
  }

  @Override
  public void declare(List<ParameterSpec> specs) {
    specs.add(ParameterSpec.normal(weight, 0.02, dim, 1, patch, patch, patch));
    specs.add(ParameterSpec.zeros(bias, dim));
  }

  /** volume [B, 1, D, H, W] → tokens [B, N, dim]. */
  public NDArray forward(ParameterStore p, NDArray volume) {
    Shape k = new Shape(patch, patch, patch);
    NDArray y =
        volume.getNDArrayInternal()
            .convolution(volume, p.get(weight), p.get(bias), k, new Shape(0, 0, 0), new Shape(1, 1, 1), 1)
            .singletonOrThrow();
    long b = y.getShape().get(0);
    return y.reshape(b, dim, -1).transpose(0, 2, 1);
  }

  public long parameters() {
    return (long) dim * patch * patch * patch + dim;
  }
}
