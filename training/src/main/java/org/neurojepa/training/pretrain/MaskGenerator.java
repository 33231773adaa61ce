package org.neurojepa.training.pretrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One multiscale block-mask generator on the (depth, height, width) token grid. Draws {@code blocks}
 * boxes whose spatial scale is U[{@code scaleLow}, {@code scaleHigh}], depth scale U[0, 1] and
 * aspect ratio log-uniform in [0.75, 1.5]; their union is the target (masked) region. The region is
 * then grown or shrunk along its 6-connected boundary until it holds exactly {@code targetCount}
 * tokens: when shrinking, background boundary tokens are given back to the context first; when
 * growing, foreground context tokens next to the region are taken first. Only when the region has no
 * usable boundary (empty or the whole grid) are tokens chosen at random. Both index lists come back
 * shuffled.
 *
 * <p>The three generators of Neuro-JEPA pretraining are {@link #small()}, {@link #medium()} and
 * {@link #large()} for the 8×9×8 grid with 144 context / 432 target tokens.
 */
public final class MaskGenerator {
  private static final double ASPECT_LOW = 0.75;
  private static final double ASPECT_HIGH = 1.5;
  /** The spec's bounds on a block's in-plane sides (h ≤ 8, w ≤ 9); placement also keeps inside the grid. */
  private static final int MAX_H = 8;
  private static final int MAX_W = 9;

  private final int gridDepth;
  private final int gridHeight;
  private final int gridWidth;
  private final int blocks;
  private final double scaleLow;
  private final double scaleHigh;
  private final int contextCount;
  private final int targetCount;

  /** A block's extent in tokens along each axis, and the in-plane area (tokens) it was drawn from. */
  public record BlockSize(int depth, int height, int width, int area) {}

  public MaskGenerator(
      int gridDepth, int gridHeight, int gridWidth, int blocks, double scaleLow, double scaleHigh, int contextCount) {
    if (gridDepth < 1 || gridHeight < 1 || gridWidth < 1) {
      throw new IllegalArgumentException("grid must be positive");
    }
    if (blocks < 1) {
      throw new IllegalArgumentException("blocks must be ≥ 1, was " + blocks);
    }
    if (!(scaleLow >= 0 && scaleLow <= scaleHigh && scaleHigh <= 1)) {
      throw new IllegalArgumentException("scale range [" + scaleLow + ", " + scaleHigh + "] is not within [0, 1]");
    }
    int tokens = gridDepth * gridHeight * gridWidth;
    int minContext = Math.max(10, (int) Math.ceil(0.15 * tokens));
    if (contextCount < minContext || contextCount >= tokens) {
      throw new IllegalArgumentException(
          "context of " + contextCount + " tokens must be at least max(10, 15%) = " + minContext
              + " and leave targets among " + tokens);
    }
    this.gridDepth = gridDepth;
    this.gridHeight = gridHeight;
    this.gridWidth = gridWidth;
    this.blocks = blocks;
    this.scaleLow = scaleLow;
    this.scaleHigh = scaleHigh;
    this.contextCount = contextCount;
    this.targetCount = tokens - contextCount;
  }

  /** (a) 32 blocks, spatial scale U[0, 0.2]. */
  public static MaskGenerator small() {
    return new MaskGenerator(8, 9, 8, 32, 0.0, 0.2, 144);
  }

  /** (b) 16 blocks, spatial scale U[0.2, 0.5]. */
  public static MaskGenerator medium() {
    return new MaskGenerator(8, 9, 8, 16, 0.2, 0.5, 144);
  }

  /** (c) 4 blocks, spatial scale U[0.5, 0.7]. */
  public static MaskGenerator large() {
    return new MaskGenerator(8, 9, 8, 4, 0.5, 0.7, 144);
  }

  /** The three generators used per sample, in order (a), (b), (c). */
  public static List<MaskGenerator> multiscale() {
    return List.of(small(), medium(), large());
  }

  public int tokens() {
    return gridDepth * gridHeight * gridWidth;
  }

  public int contextCount() {
    return contextCount;
  }

  public int targetCount() {
    return targetCount;
  }

  public double scaleLow() {
    return scaleLow;
  }

  public double scaleHigh() {
    return scaleHigh;
  }

  public int blocks() {
    return blocks;
  }

  /**
   * Draws one block size: depth = int(D·U(max(0, 1/D), 1)), area = int(H·W·U(max(lo, 1/(H·W)), hi)),
   * h = round(√(area·ar)), w = round(√(area/ar)), each at least 1 and within the spec's bounds.
   */
  public BlockSize sampleBlock(RandomGenerator rng) {
    double depthScale = uniform(rng, 1.0 / gridDepth, 1.0);
    int depth = clamp((int) (gridDepth * depthScale), 1, gridDepth);
    int plane = gridHeight * gridWidth;
    double spatial = uniform(rng, Math.max(scaleLow, 1.0 / plane), scaleHigh);
    int area = Math.max(1, (int) (plane * spatial));
    double aspect = Math.exp(uniform(rng, Math.log(ASPECT_LOW), Math.log(ASPECT_HIGH)));
    int h = clamp((int) Math.round(Math.sqrt(area * aspect)), 1, MAX_H);
    int w = clamp((int) Math.round(Math.sqrt(area / aspect)), 1, MAX_W);
    return new BlockSize(depth, h, w, area);
  }

  /**
   * Draws one mask.
   *
   * @param foreground per-token foreground flags (length {@link #tokens()}), or null to treat every
   *     token alike
   */
  public TokenMask generate(RandomGenerator rng, boolean[] foreground) {
    int n = tokens();
    if (foreground != null && foreground.length != n) {
      throw new IllegalArgumentException("foreground has " + foreground.length + " flags for " + n + " tokens");
    }
    boolean[] masked = new boolean[n];
    int count = 0;
    for (int b = 0; b < blocks; b++) {
      BlockSize s = sampleBlock(rng);
      int d = Math.min(s.depth(), gridDepth);
      int h = Math.min(s.height(), gridHeight);
      int w = Math.min(s.width(), gridWidth);
      int d0 = rng.nextInt(gridDepth - d + 1);
      int h0 = rng.nextInt(gridHeight - h + 1);
      int w0 = rng.nextInt(gridWidth - w + 1);
      for (int i = d0; i < d0 + d; i++) {
        for (int j = h0; j < h0 + h; j++) {
          for (int k = w0; k < w0 + w; k++) {
            int t = index(i, j, k);
            if (!masked[t]) {
              masked[t] = true;
              count++;
            }
          }
        }
      }
    }
    while (count > targetCount) {
      // Shrink: a masked token with an unmasked 6-neighbour goes back to the context, background first.
      int t = pick(rng, masked, true, foreground, false);
      masked[t] = false;
      count--;
    }
    while (count < targetCount) {
      // Grow: an unmasked token next to the region joins it, foreground first.
      int t = pick(rng, masked, false, foreground, true);
      masked[t] = true;
      count++;
    }
    long[] context = new long[contextCount];
    long[] target = new long[targetCount];
    int c = 0;
    int g = 0;
    for (int t = 0; t < n; t++) {
      if (masked[t]) {
        target[g++] = t;
      } else {
        context[c++] = t;
      }
    }
    shuffle(rng, context);
    shuffle(rng, target);
    return new TokenMask(context, target);
  }

  /**
   * Picks a token whose state is {@code state} and that touches a token of the other state; among
   * those, one whose foreground flag equals {@code preferForeground} when any exists. Falls back to
   * any token of that state when there is no such boundary.
   */
  private int pick(RandomGenerator rng, boolean[] masked, boolean state, boolean[] foreground, boolean preferForeground) {
    List<Integer> boundary = new ArrayList<>();
    List<Integer> preferred = new ArrayList<>();
    List<Integer> any = new ArrayList<>();
    for (int i = 0; i < gridDepth; i++) {
      for (int j = 0; j < gridHeight; j++) {
        for (int k = 0; k < gridWidth; k++) {
          int t = index(i, j, k);
          if (masked[t] != state) {
            continue;
          }
          any.add(t);
          if (touches(masked, i, j, k, !state)) {
            boundary.add(t);
            if (foreground != null && foreground[t] == preferForeground) {
              preferred.add(t);
            }
          }
        }
      }
    }
    List<Integer> from = !preferred.isEmpty() ? preferred : !boundary.isEmpty() ? boundary : any;
    return from.get(rng.nextInt(from.size()));
  }

  private boolean touches(boolean[] masked, int i, int j, int k, boolean state) {
    return (i > 0 && masked[index(i - 1, j, k)] == state)
        || (i < gridDepth - 1 && masked[index(i + 1, j, k)] == state)
        || (j > 0 && masked[index(i, j - 1, k)] == state)
        || (j < gridHeight - 1 && masked[index(i, j + 1, k)] == state)
        || (k > 0 && masked[index(i, j, k - 1)] == state)
        || (k < gridWidth - 1 && masked[index(i, j, k + 1)] == state);
  }

  private int index(int i, int j, int k) {
    return (i * gridHeight + j) * gridWidth + k;
  }

  private static double uniform(RandomGenerator rng, double low, double high) {
    return low + (high - low) * rng.nextDouble();
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static void shuffle(RandomGenerator rng, long[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      long tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  @Override
  public String toString() {
    return "MaskGenerator[" + blocks + " blocks, scale " + scaleLow + "–" + scaleHigh + ", "
        + contextCount + "/" + targetCount + " on " + Arrays.toString(new int[] {gridDepth, gridHeight, gridWidth}) + "]";
  }
}
