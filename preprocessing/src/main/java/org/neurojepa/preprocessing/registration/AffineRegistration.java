package org.neurojepa.preprocessing.registration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import org.neurojepa.preprocessing.VolumeChecks;
import org.neurojepa.preprocessing.registration.internal.AffineCost;
import org.neurojepa.preprocessing.registration.internal.CorrelationRatio;
import org.neurojepa.preprocessing.internal.Grid;
import org.neurojepa.preprocessing.internal.Histograms;
import org.neurojepa.preprocessing.registration.internal.Lbfgs;
import org.neurojepa.preprocessing.registration.internal.MattesMutualInformation;
import org.neurojepa.preprocessing.internal.Pyramid;
import org.neurojepa.preprocessing.registration.internal.SampleCost;
import org.neurojepa.preprocessing.volume.Affine;
import org.neurojepa.preprocessing.volume.Volume;

/**
 * 12-parameter affine registration of a subject volume to a template, multi-resolution: each
 * level smooths and subsamples both volumes, samples a random subset of template head voxels and
 * minimises the cost (correlation ratio or Mattes mutual information) with L-BFGS on analytic
 * gradients. Starts from the centres of mass, optionally after a coarse search over rotations up
 * to ±90° about each axis.
 */
public final class AffineRegistration {
  /** Parameters are mm of displacement at this distance from the template's centre. */
  private static final double RADIUS_MM = 80;
  private static final double[] SEARCH_DEGREES = {-90, -60, -30, 0, 30, 60, 90};
  private static final int SEARCH_SAMPLES = 2500;
  private static final int SEARCH_KEEP = 4;

  /** The template's pyramid is the same for every subject: kept while the template volume lives. */
  private static final Map<Volume, CachedPyramid> TEMPLATE_PYRAMIDS = Collections.synchronizedMap(new WeakHashMap<>());

  private record CachedPyramid(double[] levels, Volume[] volumes) {}

  private AffineRegistration() {}

  private static Volume[] templatePyramid(Volume template, double[] levels) {
    CachedPyramid cached = TEMPLATE_PYRAMIDS.get(template);
    if (cached != null && Arrays.equals(cached.levels, levels)) {
      return cached.volumes;
    }
    Volume[] volumes = Pyramid.levels(template, levels);
    TEMPLATE_PYRAMIDS.put(template, new CachedPyramid(levels.clone(), volumes));
    return volumes;
  }

  /** Registers {@code subject} to {@code template}; the result maps subject world → template world. */
  public static RegistrationResult register(Volume subject, Volume template, RegistrationOptions options) {
    VolumeChecks.requireUsable(subject, "subject", 8);
    VolumeChecks.requireUsable(template, "template", 8);
    subject = VolumeChecks.finite(subject);
    template = VolumeChecks.finite(template);
    double[] fixedCentre = centreOfMass(template);
    double[] movingCentre = centreOfMass(subject);
    Affine fixedToMoving = Affine.translation(movingCentre[0] - fixedCentre[0], movingCentre[1] - fixedCentre[1],
        movingCentre[2] - fixedCentre[2]);
    double[] levels = options.levelsMm();
    int[] samples = options.samples();
    List<RegistrationResult.Level> reports = new ArrayList<>();
    double cost = Double.NaN;
    SplittableRandom random = new SplittableRandom(options.seed());
    long pyramidStart = System.nanoTime();
    Volume[] fixedLevels = templatePyramid(template, levels);
    Volume[] movingLevels = Pyramid.levels(subject, levels);
    double pyramidMillis = (System.nanoTime() - pyramidStart) / 1e6;
    for (int level = 0; level < levels.length; level++) {
      long start = System.nanoTime();
      double mm = levels[level];
      Volume fixedLevel = fixedLevels[level];
      Volume movingLevel = movingLevels[level];
      LevelSamples s = sample(fixedLevel, samples[level], random);
      SampleCost metric = metric(options.metric(), options.histogramBins()[level], s.values, movingLevel);
      AffineCost f = new AffineCost(new Grid(movingLevel), metric, s.points, s.values, fixedCentre, RADIUS_MM);
      double[] q0 = f.parameters(fixedToMoving);
      int evaluationsBefore = 0;
      if (level == 0 && options.rotationSearch()) {
        q0 = searchRotations(f, s, metric, movingLevel, fixedCentre, movingCentre, mm, options);
        evaluationsBefore = f.evaluations();
      }
      Lbfgs.Result r = Lbfgs.minimise(f::evaluate, q0, options.maxIterations(), mm, 0.002 * mm);
      if (Double.isNaN(r.value())) {
        throw new RegistrationException("registration failed at the " + mm + " mm level: fewer than a quarter of the "
            + "template samples fall inside the subject volume after centring (is the subject a head scan?)");
      }
      fixedToMoving = f.fixedToMoving(r.x());
      cost = r.value();
      reports.add(new RegistrationResult.Level(mm, f.samples(), r.iterations(), f.evaluations() + evaluationsBefore,
          cost, (System.nanoTime() - start) / 1e6 + (level == 0 ? pyramidMillis : 0)));
    }
    return new RegistrationResult(fixedToMoving.inverse(), options.metric(), cost, reports);
  }

  private static double[] searchRotations(AffineCost full, LevelSamples s, SampleCost metric, Volume movingLevel,
      double[] fixedCentre, double[] movingCentre, double mm, RegistrationOptions options) {
    LevelSamples few = s.first(SEARCH_SAMPLES);
    AffineCost quick = new AffineCost(new Grid(movingLevel), metric, few.points, few.values, fixedCentre, RADIUS_MM);
    record Candidate(double[] q, double cost) {}
    List<Candidate> candidates = new ArrayList<>();
    for (double ax : SEARCH_DEGREES) {
      for (double ay : SEARCH_DEGREES) {
        for (double az : SEARCH_DEGREES) {
          Affine rotation = Affine.rotation(az, 0, 0, 1).times(Affine.rotation(ay, 0, 1, 0)).times(Affine.rotation(ax, 1, 0, 0));
          Affine fixedToMoving = Affine.translation(movingCentre[0], movingCentre[1], movingCentre[2])
              .times(rotation).times(Affine.translation(-fixedCentre[0], -fixedCentre[1], -fixedCentre[2]));
          double[] q = quick.parameters(fixedToMoving);
          double c = quick.evaluate(q, null);
          if (!Double.isNaN(c)) {
            candidates.add(new Candidate(q, c));
          }
        }
      }
    }
    if (candidates.isEmpty()) {
      return full.parameters(Affine.translation(movingCentre[0] - fixedCentre[0], movingCentre[1] - fixedCentre[1],
          movingCentre[2] - fixedCentre[2]));
    }
    candidates.sort(Comparator.comparingDouble(Candidate::cost));
    Candidate best = null;
    for (Candidate c : candidates.subList(0, Math.min(SEARCH_KEEP, candidates.size()))) {
      Lbfgs.Result r = Lbfgs.minimise(quick::evaluate, c.q, Math.min(40, options.maxIterations()), mm, 0.05 * mm);
      if (!Double.isNaN(r.value()) && (best == null || r.value() < best.cost)) {
        best = new Candidate(r.x(), r.value());
      }
    }
    return best == null ? candidates.get(0).q : best.q;
  }

  private static SampleCost metric(Metric kind, int bins, float[] fixedValues, Volume movingLevel) {
    double[] fixedRange = Histograms.quantiles(fixedValues, 0, 0.999);
    if (kind == Metric.CORRELATION_RATIO) {
      return new CorrelationRatio(bins, fixedRange[0], fixedRange[1]);
    }
    double[] movingRange = Histograms.quantiles(movingLevel.voxels(), 0, 0.999);
    return new MattesMutualInformation(bins, fixedRange[0], fixedRange[1], movingRange[0], movingRange[1]);
  }

  private record LevelSamples(double[] points, float[] values) {
    LevelSamples first(int n) {
      int m = Math.min(n, values.length);
      return new LevelSamples(Arrays.copyOf(points, 3 * m), Arrays.copyOf(values, m));
    }
  }

  /** A random subset of the voxels where the (smoothed) template shows the head, in random order. */
  private static LevelSamples sample(Volume fixed, int count, SplittableRandom random) {
    float[] v = fixed.voxels();
    double threshold = 0.05 * Histograms.quantiles(v, 0.99)[0];
    int[] region = new int[v.length];
    int n = 0;
    for (int k = 0; k < v.length; k++) {
      if (v[k] > threshold) {
        region[n++] = k;
      }
    }
    int take = Math.min(count, n);
    // Partial Fisher–Yates: the first `take` entries become a uniform random subset.
    for (int k = 0; k < take; k++) {
      int r = k + random.nextInt(n - k);
      int t = region[k];
      region[k] = region[r];
      region[r] = t;
    }
    double[] points = new double[3 * take];
    float[] values = new float[take];
    int nx = fixed.nx(), ny = fixed.ny(), nz = fixed.nz();
    Affine a = fixed.voxelToWorld();
    Grid g = new Grid(fixed);
    for (int s = 0; s < take; s++) {
      int idx = region[s];
      // Off-grid positions (template value interpolated too): grid-aligned samples bias the
      // optimum towards poses where moving samples also fall on voxel centres.
      double i = clamp(idx % nx + random.nextDouble() - 0.5, nx), j = clamp((idx / nx) % ny + random.nextDouble() - 0.5, ny);
      double k = clamp(idx / (nx * ny) + random.nextDouble() - 0.5, nz);
      double[] p = a.apply(i, j, k);
      points[3 * s] = p[0];
      points[3 * s + 1] = p[1];
      points[3 * s + 2] = p[2];
      values[s] = (float) g.trilinear(i, j, k);
    }
    return new LevelSamples(points, values);
  }

  private static double clamp(double x, int n) {
    return Math.max(0, Math.min(n - 1, x));
  }

  /** World centre of mass of the voxels brighter than a tenth of the 99th percentile. */
  static double[] centreOfMass(Volume v) {
    float[] x = v.voxels();
    double threshold = 0.1 * Histograms.quantiles(x, 0.99)[0];
    double si = 0, sj = 0, sk = 0, w = 0;
    int nx = v.nx(), ny = v.ny();
    for (int idx = 0; idx < x.length; idx++) {
      float f = x[idx];
      if (f > threshold) {
        si += f * (idx % nx);
        sj += f * ((idx / nx) % ny);
        sk += f * (idx / (nx * ny));
        w += f;
      }
    }
    return v.voxelToWorld().apply(si / w, sj / w, sk / w);
  }
}
