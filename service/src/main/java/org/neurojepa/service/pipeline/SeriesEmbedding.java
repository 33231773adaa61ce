package org.neurojepa.service.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neurojepa.model.Embedding;
import org.neurojepa.model.NeuroJepaConfig;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.checkpoint.Safetensors;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.preprocessing.input.ModelInputFit;
import org.neurojepa.preprocessing.nifti.NiftiReader;
import org.neurojepa.preprocessing.volume.Volume;
import org.neurojepa.service.model.ServedModel;
import org.neurojepa.service.report.LabelProbability;

/**
 * Runs the served model on one preprocessed series, shared by the {@code embed} stage and
 * {@code neurojepa analyze}: the encoder's tokens, then the findings heads when installed. The
 * preprocessing recipe always makes the release's 96×108×96 input; a smaller architecture
 * ({@code tiny}, 48×54×48) gets it shrunk by block averaging (see {@link ModelInputFit}).
 */
public final class SeriesEmbedding {
  /** The token-feature artefact beside the preprocessing artefacts. */
  public static final String FEATURES = "embedding.safetensors";

  private final ServedModel model;

  public SeriesEmbedding(ServedModel model) {
    this.model = model;
  }

  public ServedModel model() {
    return model;
  }

  /** Embeds {@code input} (input.nii.gz), writes {@value #FEATURES} into {@code artefacts}, runs the heads. */
  public EmbeddingOutcome embed(Path input, Path artefacts) throws IOException, InterruptedException {
    NeuroJepaConfig c = model.engine().config();
    Volume volume = ModelInputFit.fit(NiftiReader.read(input), c.inputDepth(), c.inputHeight(), c.inputWidth());
    long t0 = System.nanoTime();
    Embedding e = model.engine().embed(ModelInputFit.modelOrder(volume));
    List<LabelProbability> findings = new ArrayList<>();
    if (model.heads().isPresent()) {
      FindingHeads heads = model.heads().get();
      heads.probabilities(e).forEach((label, p) ->
          findings.add(new LabelProbability(label, p, heads.manifest().operatingPoint(label))));
    }
    double millis = (System.nanoTime() - t0) / 1e6;
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("features", HostTensor.ofFloats(e.features(), e.tokens(), e.dim()));
    tensors.put("pooled", HostTensor.ofFloats(e.pooled(), e.dim()));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model_version", model.version().id());
    meta.put("encoder_version", e.version().id());
    meta.put("weights_sha256", e.version().weightsSha256());
    meta.put("model", c.name());
    Path out = artefacts.resolve(FEATURES);
    Path part = artefacts.resolve("." + FEATURES + "-" + UUID.randomUUID() + ".part");
    try {
      Safetensors.write(part, tensors, meta);
      Files.move(part, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(part);
    }
    return new EmbeddingOutcome(model.version(), c.name(), e.pooled(), out, millis, findings);
  }
}
