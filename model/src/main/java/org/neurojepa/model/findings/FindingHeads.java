package org.neurojepa.model.findings;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.ModelVersion;
import org.neurojepa.model.ParameterStore;
import org.neurojepa.model.checkpoint.HeadsCheckpoint;
import org.neurojepa.model.checkpoint.HeadsManifest;
import org.neurojepa.model.internal.DjlRuntime;
import org.neurojepa.model.nn.MultiLabelHeads;
import org.neurojepa.model.nn.OwnedTensors;

/**
 * Findings from an embedding: the installed attentive probes, one per label, on the CPU in float32
 * (a probe is a few million operations; the encoder is where the time goes). Attached to the one
 * encoder version the heads were trained on: features of any other encoder are refused, since the
 * probabilities would be meaningless. Safe for concurrent use: every call runs in its own scope.
 */
public final class FindingHeads implements AutoCloseable {
  /** The prefix of the probes' tensor names in a heads checkpoint. */
  public static final String PREFIX = "heads";

  private final HeadsManifest manifest;
  private final MultiLabelHeads heads;
  private final ParameterStore store;

  private FindingHeads(HeadsManifest manifest, MultiLabelHeads heads, ParameterStore store) {
    this.manifest = manifest;
    this.heads = heads;
    this.store = store;
  }

  /** The probe layout a manifest describes. */
  public static MultiLabelHeads layout(HeadsManifest m) {
    return new MultiLabelHeads(PREFIX, m.labels(), m.embedDim(), m.probeHeads(), m.probeDepth(), m.layerNormEps());
  }

  /**
   * Loads heads from a checkpoint directory for use with {@code encoder}.
   *
   * @throws IllegalArgumentException when the heads were trained on another encoder version, or their
   *     tensors do not match the layout their manifest describes
   */
  public static FindingHeads load(Path dir, ModelVersion encoder) throws IOException {
    HeadsCheckpoint.Contents c = HeadsCheckpoint.read(dir);
    HeadsManifest m = c.manifest();
    if (!m.encoderVersion().equals(encoder.id()) || !m.encoderWeightsSha256().equals(encoder.weightsSha256())) {
      throw new IllegalArgumentException("heads " + m.headsVersion() + " in " + dir + " were trained on encoder "
          + m.encoderVersion() + " (" + shortHash(m.encoderWeightsSha256()) + "), not on " + encoder.id() + " ("
          + shortHash(encoder.weightsSha256()) + ")");
    }
    MultiLabelHeads layout = layout(m);
    ParameterStore store = ParameterStore.fromTensors(layout.specs(), c.tensors(), Device.cpu(), DataType.FLOAT32);
    return new FindingHeads(m, layout, store);
  }

  /** Probability per label (in the manifest's label order) for one embedding. */
  public Map<String, Double> probabilities(Embedding e) {
    return probabilities(List.of(e)).get(0);
  }

  /** Probabilities per label for each embedding, in order. */
  public List<Map<String, Double>> probabilities(List<Embedding> embeddings) {
    if (embeddings.isEmpty()) {
      return List.of();
    }
    int tokens = embeddings.get(0).tokens();
    int dim = embeddings.get(0).dim();
    if (dim != manifest.embedDim()) {
      throw new IllegalArgumentException("embedding width " + dim + " but the heads take " + manifest.embedDim());
    }
    float[] flat = new float[embeddings.size() * tokens * dim];
    for (int i = 0; i < embeddings.size(); i++) {
      Embedding e = embeddings.get(i);
      if (e.tokens() != tokens || e.dim() != dim) {
        throw new IllegalArgumentException("embeddings of one call must have the same shape");
      }
      if (!e.version().equals(new ModelVersion(manifest.encoderVersion(), manifest.encoderWeightsSha256()))) {
        throw new IllegalArgumentException("embedding of encoder " + e.version().id() + " given to heads trained on "
            + manifest.encoderVersion());
      }
      System.arraycopy(e.features(), 0, flat, i * tokens * dim, tokens * dim);
    }
    float[] p;
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), DjlRuntime.ENGINE)) {
      NDArray x = OwnedTensors.of(m, flat, new Shape(embeddings.size(), tokens, dim));
      p = heads.probabilities(store, x).toFloatArray();
    }
    List<String> labels = manifest.labels();
    List<Map<String, Double>> out = new ArrayList<>();
    for (int i = 0; i < embeddings.size(); i++) {
      Map<String, Double> row = new LinkedHashMap<>();
      for (int l = 0; l < labels.size(); l++) {
        row.put(labels.get(l), (double) p[i * labels.size() + l]);
      }
      out.add(row);
    }
    return out;
  }

  public HeadsManifest manifest() {
    return manifest;
  }

  private static String shortHash(String sha) {
    return sha.isEmpty() ? "no weights file" : sha.substring(0, Math.min(12, sha.length()));
  }

  @Override
  public void close() {
    store.close();
  }
}
