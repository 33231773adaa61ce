package org.neurojepa.fhir.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report's short, readable conclusion. */
final class Conclusion {
  private Conclusion() {}

  static String of(AnalysedStudy study) {
    ModelVersion m = study.model();
    StringBuilder b = new StringBuilder();
    b.append("Neuro-JEPA ").append(m.name()).append(' ').append(m.version())
        .append(m.validated() ? " (validated model). " : " (preliminary: model not validated for clinical use). ");
    if (study.usedSequences().isEmpty()) {
      b.append("No series of this study could be used by the model. ");
    } else {
      b.append("Sequences used: ")
          .append(study.usedSequences().stream().map(u -> u.type().display()).collect(Collectors.joining(", ")))
          .append(". ");
    }
    long rejected = study.series().stream().filter(s -> s.rejectionReason().isPresent()).count();
    if (rejected > 0) {
      b.append(rejected).append(rejected == 1 ? " series was" : " series were").append(" not used. ");
    }
    if (!study.hasFindingsModel()) {
      b.append("No findings model is installed: this report carries technical results only.");
      return b.toString().trim();
    }
    List<Finding> positive = study.findings().stream().filter(Finding::positive).toList();
    if (positive.isEmpty()) {
      b.append("None of the ").append(study.findings().size())
          .append(" findings reached its operating point.");
    } else {
      b.append("At or above the operating point: ")
          .append(positive.stream()
              .map(f -> String.format(Locale.ROOT, "%s (p %.2f, threshold %.2f)",
                  f.code().display(), f.probability(), f.operatingPoint()))
              .collect(Collectors.joining(", ")))
          .append("; ");
      int below = study.findings().size() - positive.size();
      b.append(below).append(below == 1 ? " other finding" : " other findings").append(" below.");
    }
    return b.toString().trim();
  }
}
