package org.neurojepa.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/**
 * The architecture of a Neuro-JEPA model: every size the parameter shapes and the forward pass
 * depend on. Named variants: {@link #base()} is the released model, {@link #tiny()} a model of the
 * same structure small enough for CPU tests.
 *
 * <p>Mixture-of-experts MLPs sit on the odd blocks (1, 3, 5, …); the even blocks keep a dense MLP
 * of width {@code mlpHidden}.
 */
public record NeuroJepaConfig(
    String name,
    int inputDepth,
    int inputHeight,
    int inputWidth,
    int patchSize,
    int embedDim,
    int depth,
    int numHeads,
    int mlpHidden,
    int numExperts,
    int expertHidden,
    int topK,
    double routeScale,
    int sharedExpertHidden,
    int predictorDim,
    int predictorDepth,
    int predictorHeads,
    int probeHeads,
    double ropeTheta,
    double layerNormEps,
    PositionConvention positions) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public NeuroJepaConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("config name is required");
    }
    if (positions == null) {
      throw new IllegalArgumentException("positions (RELEASE or GEOMETRIC) is required");
    }
    positive("inputDepth", inputDepth);
    positive("inputHeight", inputHeight);
    positive("inputWidth", inputWidth);
    positive("patchSize", patchSize);
    positive("embedDim", embedDim);
    positive("depth", depth);
    positive("numHeads", numHeads);
    positive("mlpHidden", mlpHidden);
    positive("numExperts", numExperts);
    positive("expertHidden", expertHidden);
    positive("topK", topK);
    positive("sharedExpertHidden", sharedExpertHidden);
    positive("predictorDim", predictorDim);
    positive("predictorDepth", predictorDepth);
    positive("predictorHeads", predictorHeads);
    positive("probeHeads", probeHeads);
    if (inputDepth % patchSize != 0 || inputHeight % patchSize != 0 || inputWidth % patchSize != 0) {
      throw new IllegalArgumentException(
          "input " + inputDepth + "x" + inputHeight + "x" + inputWidth + " is not a multiple of patch " + patchSize);
    }
    divides("numHeads", numHeads, "embedDim", embedDim);
    divides("predictorHeads", predictorHeads, "predictorDim", predictorDim);
    divides("probeHeads", probeHeads, "embedDim", embedDim);
    if (embedDim / numHeads < 6 || predictorDim / predictorHeads < 6) {
      throw new IllegalArgumentException("a head needs at least 6 dims for 3D RoPE");
    }
    if (topK > numExperts) {
      throw new IllegalArgumentException("topK " + topK + " exceeds numExperts " + numExperts);
    }
    if (!(routeScale > 0) || !(ropeTheta > 1) || !(layerNormEps > 0)) {
      throw new IllegalArgumentException("routeScale, ropeTheta and layerNormEps must be positive");
    }
  }

  /** The released Neuro-JEPA encoder: ViT-Base with sparse MoE, 122,054,544 parameters. */
  public static NeuroJepaConfig base() {
    return new NeuroJepaConfig(
        "base", 96, 108, 96, 12, 768, 12, 12, 3072, 16, 384, 6, 4.0, 768, 384, 12, 12, 16,
        10000.0, 1e-6, PositionConvention.RELEASE);
  }

  /** Same structure and the same 8×9×8 token grid as base, sized for 2-core CPU tests. */
  public static NeuroJepaConfig tiny() {
    return new NeuroJepaConfig(
        "tiny", 48, 54, 48, 6, 64, 4, 4, 256, 4, 32, 2, 2.0, 64, 32, 2, 4, 4,
        10000.0, 1e-6, PositionConvention.RELEASE);
  }

  /** A named variant: {@code tiny} or {@code base}. */
  public static NeuroJepaConfig named(String variant) {
    return switch (variant) {
      case "tiny" -> tiny();
      case "base" -> base();
      default -> throw new IllegalArgumentException("unknown model variant '" + variant + "' (tiny, base)");
    };
  }

  public NeuroJepaConfig withPositions(PositionConvention convention) {
    return new NeuroJepaConfig(
        name, inputDepth, inputHeight, inputWidth, patchSize, embedDim, depth, numHeads, mlpHidden,
        numExperts, expertHidden, topK, routeScale, sharedExpertHidden, predictorDim, predictorDepth,
        predictorHeads, probeHeads, ropeTheta, layerNormEps, convention);
  }

  public int gridDepth() {
    return inputDepth / patchSize;
  }

  public int gridHeight() {
    return inputHeight / patchSize;
  }

  public int gridWidth() {
    return inputWidth / patchSize;
  }

  public int numTokens() {
    return gridDepth() * gridHeight() * gridWidth();
  }

  public int voxels() {
    return inputDepth * inputHeight * inputWidth;
  }

  public int headDim() {
    return embedDim / numHeads;
  }

  /** MoE on the odd blocks, as in the release. */
  public boolean isMoeBlock(int block) {
    return block % 2 == 1;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a config; an unknown, missing or null key is an error naming it. */
  public static NeuroJepaConfig fromJson(String json) {
    try {
      return JSON.readValue(json, NeuroJepaConfig.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("invalid model config: " + e.getOriginalMessage(), e);
    }
  }

  private static void positive(String key, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }

  private static void divides(String a, int av, String b, int bv) {
    if (bv % av != 0) {
      throw new IllegalArgumentException(a + " " + av + " does not divide " + b + " " + bv);
    }
  }
}
