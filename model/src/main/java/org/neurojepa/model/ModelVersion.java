package org.neurojepa.model;

/**
 * Which weights produced a result: a checkpoint's version name and the SHA-256 of its weights
 * file, or {@code untrained-<seed>} for a freshly initialised model (no hash).
 */
public record ModelVersion(String id, String weightsSha256) {
  public ModelVersion {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("model version id is required");
    }
    weightsSha256 = weightsSha256 == null ? "" : weightsSha256;
  }

  public static ModelVersion untrained(long seed) {
    return new ModelVersion("untrained-" + seed, "");
  }

  public boolean isTrained() {
    return !weightsSha256.isEmpty();
  }
}
