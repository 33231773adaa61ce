package org.neurojepa.fhir.report;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The model that produced the report. {@code weightsSha256} is the SHA-256 of the weights file in
 * lower-case hex, or {@code untrained-<seed>} for randomly initialised weights. Only a model marked
 * {@code validated} yields final reports.
 */
public record ModelVersion(String name, String version, String weightsSha256, boolean validated) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern UNTRAINED = Pattern.compile("untrained-[0-9]+");

  public ModelVersion {
    requireText(name, "model name");
    requireText(version, "model version");
    Objects.requireNonNull(weightsSha256, "weightsSha256");
    if (!SHA256.matcher(weightsSha256).matches() && !UNTRAINED.matcher(weightsSha256).matches()) {
      throw new IllegalArgumentException(
          "weights digest must be 64 lower-case hex digits or untrained-<seed>: '" + weightsSha256 + "'");
    }
    if (validated && weightsSha256.startsWith("untrained-")) {
      throw new IllegalArgumentException("an untrained model cannot be marked validated");
    }
  }

  /** Randomly initialised weights from {@code seed}: never validated. */
  public static ModelVersion untrained(String name, String version, long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("seed must not be negative: " + seed);
    }
    return new ModelVersion(name, version, "untrained-" + seed, false);
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (s.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(what + " contains control characters");
    }
  }
}
