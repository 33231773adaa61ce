package org.neurojepa.preprocessing.registration.internal;

/**
 * A similarity cost over sample pairs (fixed intensity bin, moving intensity), lower is better,
 * with its derivative with respect to each moving intensity.
 */
public interface SampleCost {
  /**
   * @param moving moving intensities of the first {@code n} valid samples
   * @param fixedBin the fixed intensity bin of each of those samples
   * @param dCostDMoving receives ∂cost/∂moving[i]; may be null when only the value is wanted
   */
  double evaluate(double[] moving, int[] fixedBin, int n, double[] dCostDMoving);

  /** Bins fixed intensities once per level. */
  int[] binFixed(float[] fixed);
}
