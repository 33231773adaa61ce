package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.checkpoint.CorruptCheckpointException;
import org.neurojepa.model.checkpoint.HeadsCheckpoint;
import org.neurojepa.model.checkpoint.HeadsManifest;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.findings.FindingHeads;
import org.neurojepa.model.nn.MultiLabelHeads;

/** Heads checkpoints round-trip, are bound to their encoder, and refuse damage. */
class FindingHeadsTest {
  @TempDir Path dir;

  static final ModelVersion ENCODER = new ModelVersion("enc-1", "a".repeat(64));

  private HeadsManifest write(Path to, List<String> labels) throws IOException {
    HeadsCheckpoint.Description d = new HeadsCheckpoint.Description("heads-test", labels, 1, 4, 64, 1e-6,
        ENCODER.id(), ENCODER.weightsSha256(), List.of("T1w"), Map.of(labels.get(0), 0.3), "unit test");
    MultiLabelHeads layout = new MultiLabelHeads(FindingHeads.PREFIX, labels, 64, 4, 1, 1e-6);
    try (ParameterStore p = ParameterStore.initialise(layout.specs(), 5, Device.cpu(), DataType.FLOAT32)) {
      return HeadsCheckpoint.write(to, d, p.toHost());
    }
  }

  private static Embedding embedding(ModelVersion v, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[576 * 64];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
    }
    return new Embedding(v, 576, 64, f, new float[64]);
  }

  @Test
  void headsGiveOneProbabilityPerLabelAndTheSameAfterReloading() throws IOException {
    HeadsManifest m = write(dir.resolve("h"), List.of("Infarct", "Atrophy"));
    assertEquals(0.3, m.operatingPoint("Infarct"));
    assertEquals(0.5, m.operatingPoint("Atrophy"), "no stored point: 0.5");
    Map<String, Double> first;
    try (FindingHeads h = FindingHeads.load(dir.resolve("h"), ENCODER)) {
      first = h.probabilities(embedding(ENCODER, 1));
      assertEquals(List.of("Infarct", "Atrophy"), List.copyOf(first.keySet()));
      first.values().forEach(p -> assertTrue(p > 0 && p < 1, "probability " + p));
      List<Map<String, Double>> two = h.probabilities(List.of(embedding(ENCODER, 1), embedding(ENCODER, 2)));
      assertEquals(first.get("Infarct"), two.get(0).get("Infarct"), 1e-6, "batched = single");
    }
    try (FindingHeads again = FindingHeads.load(dir.resolve("h"), ENCODER)) {
      assertEquals(first, again.probabilities(embedding(ENCODER, 1)));
    }
  }

  @Test
  void headsRefuseAnotherEncodersFeatures() throws IOException {
    write(dir.resolve("h"), List.of("Infarct"));
    ModelVersion other = new ModelVersion("enc-2", "b".repeat(64));
    String why = assertThrows(IllegalArgumentException.class, () -> FindingHeads.load(dir.resolve("h"), other)).getMessage();
    assertTrue(why.contains("enc-1") && why.contains("enc-2"), why);
    try (FindingHeads h = FindingHeads.load(dir.resolve("h"), ENCODER)) {
      assertThrows(IllegalArgumentException.class, () -> h.probabilities(embedding(other, 1)));
    }
  }

  @Test
  void damagedOrIncompleteHeadsAreRefusedWithTheReason() throws IOException {
    write(dir.resolve("h"), List.of("Infarct"));
    Path weights = dir.resolve("h").resolve(HeadsCheckpoint.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1;
    Files.write(weights, bytes);
    assertThrows(CorruptCheckpointException.class, () -> FindingHeads.load(dir.resolve("h"), ENCODER));

    // a checkpoint whose tensors miss a key of the layout its manifest describes
    MultiLabelHeads layout = new MultiLabelHeads(FindingHeads.PREFIX, List.of("Infarct"), 64, 4, 1, 1e-6);
    Map<String, HostTensor> tensors;
    try (ParameterStore p = ParameterStore.initialise(layout.specs(), 5, Device.cpu(), DataType.FLOAT32)) {
      tensors = new HashMap<>(p.toHost());
    }
    tensors.remove("heads.0.linear.bias");
    HeadsCheckpoint.write(dir.resolve("partial"), new HeadsCheckpoint.Description("heads-partial", List.of("Infarct"), 1,
        4, 64, 1e-6, ENCODER.id(), ENCODER.weightsSha256(), List.of(), Map.of(), ""), tensors);
    String why = assertThrows(IllegalArgumentException.class, () -> FindingHeads.load(dir.resolve("partial"), ENCODER))
        .getMessage();
    assertTrue(why.contains("heads.0.linear.bias"), why);
    assertThrows(java.io.FileNotFoundException.class, () -> FindingHeads.load(dir.resolve("absent"), ENCODER));
  }
}
