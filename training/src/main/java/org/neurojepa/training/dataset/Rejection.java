package org.neurojepa.training.dataset;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurojepa.preprocessing.series.SequenceType;

/**
 * A series a harvest looked at and left out of the dataset, and why. Recorded so that it is
 * counted and never fetched again.
 *
 * @param code machine-readable reason: the classifier's rejection (LOCALIZER, DIFFUSION …),
 *     NO_PATIENT_ID, the converter's (MISSING_SLICES …), INVALID_INPUT, REGISTRATION_FAILED or
 *     QC_BELOW_THRESHOLD
 * @param reason the explanation in words
 * @param sequence the sequence type when classification accepted the series (a later stage refused it)
 * @param qc the quality-control figures when registration ran, by name
 */
public record Rejection(
    String studyUid, String seriesUid, Stage stage, String code, String reason, Optional<SequenceType> sequence,
    Map<String, Double> qc) {

  /** Where the series was refused. */
  public enum Stage {
    CLASSIFICATION,
    /** Usable as a scan, not in this dataset: for one, without a PatientID its patient's split cannot be kept. */
    SELECTION,
    CONVERSION,
    PREPROCESSING,
    QC;

    /** Lower case, as written to the log. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Stage ofLabel(String label) {
      for (Stage s : values()) {
        if (s.label().equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown rejection stage: " + label);
    }
  }

  public Rejection {
    Objects.requireNonNull(studyUid, "studyUid");
    Objects.requireNonNull(seriesUid, "seriesUid");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(sequence, "sequence");
    if (code.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason code: " + seriesUid);
    }
    if (sequence.filter(s -> s == SequenceType.REJECTED).isPresent()) {
      throw new IllegalArgumentException("the sequence of a rejection is the type classification gave, if any");
    }
    qc = Map.copyOf(qc);
  }
}
