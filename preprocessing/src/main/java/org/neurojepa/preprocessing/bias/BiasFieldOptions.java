package org.neurojepa.preprocessing.bias;

/**
 * Settings of {@link BiasFieldCorrector}.
 *
 * @param gridMm voxel size of the grid the field is estimated on
 * @param degree total degree of the polynomial in x, y, z that models the log field
 * @param iterations sharpen-and-fit iterations
 * @param fwhm assumed width (in log intensity) of the blur the field puts on the histogram
 * @param wienerNoise regularisation of the histogram deconvolution
 */
public record BiasFieldOptions(double gridMm, int degree, int iterations, double fwhm, double wienerNoise) {
  public BiasFieldOptions {
    if (!(gridMm > 0) || degree < 1 || degree > 5 || iterations < 1 || !(fwhm > 0) || !(wienerNoise > 0)) {
      throw new IllegalArgumentException(
          "bias field options out of range: gridMm > 0, degree 1..5, iterations ≥ 1, fwhm > 0, wienerNoise > 0");
    }
  }

  /** 4 mm grid, degree 3, 50 iterations, FWHM 0.15, Wiener noise 0.01 (N4's histogram defaults). */
  public static BiasFieldOptions defaults() {
    return new BiasFieldOptions(4, 3, 50, 0.15, 0.01);
  }
}
