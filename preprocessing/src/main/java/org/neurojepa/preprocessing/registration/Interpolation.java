package org.neurojepa.preprocessing.registration;

/** How {@link Resampler} reads the moving volume between voxel centres. */
public enum Interpolation {
  NEAREST,
  TRILINEAR,
  /** Cubic B-spline (interpolating, with prefilter): the default for images. */
  CUBIC_BSPLINE
}
