package org.neurojepa.preprocessing.registration;

import java.util.List;
import org.neurojepa.preprocessing.volume.Affine;

/**
 * An affine registration's outcome.
 *
 * @param subjectToTemplate maps subject world (RAS mm) → template world (RAS mm)
 * @param cost final cost at the finest level (lower is better: 1 − η² or −MI)
 * @param levels what each resolution level did
 */
public record RegistrationResult(Affine subjectToTemplate, Metric metric, double cost, List<Level> levels) {
  public RegistrationResult {
    levels = List.copyOf(levels);
  }

  /** One resolution level: its voxel size, samples, optimiser iterations, cost evaluations, final cost. */
  public record Level(double voxelMm, int samples, int iterations, int evaluations, double cost, double millis) {}
}
