package org.neurojepa.preprocessing;

import java.util.Objects;

/**
 * Why preprocessing refused a series, as a stage and a machine-readable code (for counting and
 * for a dataset's rejection log) and in words (for people, the audit trail and reports).
 *
 * @param code the {@code ConversionException.Reason} of an unconvertible series; {@code INVALID_INPUT},
 *     {@code REGISTRATION_FAILED} or {@code QC_BELOW_THRESHOLD} otherwise
 * @param reason the whole explanation, starting with the stage ({@code "conversion: …"},
 *     {@code "preprocessing: …"}, {@code "QC: …"})
 */
public record PreprocessRefusal(Stage stage, String code, String reason) {
  /** Where in {@link SeriesPreprocessing} the series was refused. */
  public enum Stage {
    /** The images do not make one regular volume. */
    CONVERSION,
    /** The volume is unusable or does not register to the template. */
    PREPROCESSING,
    /** Registered, but its agreement with the template is below the thresholds. */
    QC
  }

  public static final String INVALID_INPUT = "INVALID_INPUT";
  public static final String REGISTRATION_FAILED = "REGISTRATION_FAILED";
  public static final String QC_BELOW_THRESHOLD = "QC_BELOW_THRESHOLD";

  public PreprocessRefusal {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(reason, "reason");
    if (code.isBlank() || reason.isBlank()) {
      throw new IllegalArgumentException("a refusal needs a code and a reason");
    }
  }
}
