package org.neurojepa.service.pipeline;

import java.nio.file.Path;
import org.neurojepa.model.ModelVersion;

/**
 * The model's output for one series: the pooled vector and the findings heads' probabilities are
 * kept in the database, the token features in a safetensors artefact. {@code findings} is empty when
 * no heads are installed.
 */
public record EmbeddingOutcome(ModelVersion version, String modelName, float[] pooled, Path features, double millis,
    java.util.List<org.neurojepa.service.report.LabelProbability> findings) {
  public EmbeddingOutcome {
    findings = java.util.List.copyOf(findings);
  }
}
