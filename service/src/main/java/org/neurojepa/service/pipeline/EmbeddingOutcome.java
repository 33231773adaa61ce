package org.neurojepa.service.pipeline;

import java.nio.file.Path;
import org.neurojepa.model.ModelVersion;

/**
 * The model's output for one series: the pooled vector is kept in the database, the token features
 * in a safetensors artefact.
 */
public record EmbeddingOutcome(ModelVersion version, String modelName, float[] pooled, Path features, double millis) {}
