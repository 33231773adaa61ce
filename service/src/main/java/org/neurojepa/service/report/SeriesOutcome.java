package org.neurojepa.service.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.preprocessing.qc.QcMetrics;

/**
 * One series of a study as the pipeline left it, for the report: kept as a sequence type (with
 * its QC numbers) or rejected with the reason of the stage that refused it.
 */
public record SeriesOutcome(
    String seriesInstanceUid, Optional<Integer> seriesNumber, Optional<String> description, String modality,
    int instanceCount, Optional<SequenceType> kept, Optional<String> rejection, Optional<QcMetrics> qc,
    List<LabelProbability> findings) {

  public SeriesOutcome {
    Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
    if (kept.isPresent() == rejection.isPresent()) {
      throw new IllegalArgumentException("series " + seriesInstanceUid + ": kept or rejected, not both or neither");
    }
    if (kept.isPresent() && qc.isEmpty()) {
      throw new IllegalArgumentException("series " + seriesInstanceUid + ": a kept series has QC numbers");
    }
    findings = List.copyOf(findings);
    if (kept.isEmpty() && !findings.isEmpty()) {
      throw new IllegalArgumentException("series " + seriesInstanceUid + ": a rejected series has no findings");
    }
  }

  /** The reason text for a series that classification set aside, the same in the service and the CLI. */
  public static String classificationRejection(String rejection, String explanation) {
    return "classification: " + rejection + ": " + explanation;
  }

  /** A kept series with the findings heads' probabilities (empty when no heads are installed). */
  public static SeriesOutcome kept(String uid, Optional<Integer> number, Optional<String> description, String modality,
      int instances, SequenceType type, QcMetrics qc, List<LabelProbability> findings) {
    return new SeriesOutcome(uid, number, description, modality, instances, Optional.of(type), Optional.empty(),
        Optional.of(qc), findings);
  }

  public static SeriesOutcome rejected(String uid, Optional<Integer> number, Optional<String> description,
      String modality, int instances, String reason) {
    return new SeriesOutcome(uid, number, description, modality, instances, Optional.empty(), Optional.of(reason),
        Optional.empty(), List.of());
  }
}
