package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.model.checkpoint.HostTensor;
import org.neurojepa.model.checkpoint.ReleasedWeights;
import org.neurojepa.model.checkpoint.Safetensors;
import org.neurojepa.model.nn.Encoder;

class ReleasedWeightsTest {
  @TempDir Path dir;

  /** A training checkpoint flattened to safetensors: wrapped encoder, target encoder and predictor. */
  @Test
  void importsTheContextEncoderFromAMultiNetworkReleaseFile() throws IOException {
    NeuroJepaConfig c = NeuroJepaConfig.tiny();
    List<ParameterSpec> specs = new Encoder(c).specs();
    Map<String, HostTensor> encoder = TestWeights.random(specs, 1, 0.1);
    Map<String, HostTensor> target = TestWeights.random(specs, 2, 0.1);
    Map<String, HostTensor> file = new LinkedHashMap<>();
    encoder.forEach((k, v) -> file.put("module.encoder._orig_mod." + k, v));
    target.forEach((k, v) -> file.put("module.target_encoder." + k, v));
    file.put("module.predictor.predictor_embed.weight", HostTensor.ofFloats(new float[6], 2, 3));
    Path f = dir.resolve("model.safetensors");
    Safetensors.write(f, file, Map.of());

    Map<String, HostTensor> imported = ReleasedWeights.read(dir, ReleasedWeights.Network.ENCODER);
    assertEquals(encoder, imported);
    assertEquals(target, ReleasedWeights.read(f, ReleasedWeights.Network.TARGET_ENCODER));
    try (ParameterStore store = ParameterStore.fromTensors(specs, imported, Device.cpu(), DataType.FLOAT32)) {
      assertArrayEquals(
          encoder.get("blocks.1.mlp.counts").toLongs(), store.get("blocks.1.mlp.counts").toLongArray());
      assertArrayEquals(
          encoder.get("blocks.1.mlp.gate.bias").toFloats(), store.get("blocks.1.mlp.gate.bias").toFloatArray());
    }
  }

  @Test
  void backboneWrappedHuggingFaceLayoutInBf16Imports() throws IOException {
    NeuroJepaConfig c = NeuroJepaConfig.tiny();
    List<ParameterSpec> specs = new Encoder(c).specs();
    Map<String, HostTensor> file = new LinkedHashMap<>();
    TestWeights.random(specs, 3, 0.1).forEach((k, v) -> file.put("backbone." + k, v.isFloating() ? bf16(v) : v));
    Path f = dir.resolve("model.safetensors");
    Safetensors.write(f, file, Map.of());
    Map<String, HostTensor> imported = ReleasedWeights.read(f, ReleasedWeights.Network.ENCODER);
    try (ParameterStore store = ParameterStore.fromTensors(specs, imported, Device.cpu(), DataType.FLOAT32)) {
      assertArrayEquals(
          file.get("backbone.norm.weight").toFloats(), store.get("norm.weight").toFloatArray());
    }
  }

  @Test
  void missingExtraAndMisshapedKeysAreNamed() {
    List<ParameterSpec> specs = new Encoder(NeuroJepaConfig.tiny()).specs();
    Map<String, HostTensor> t = TestWeights.random(specs, 4, 0.1);
    t.remove("blocks.2.attn.proj_attn_gate.bias");
    t.put("blocks.2.attn.rel_pos", HostTensor.ofFloats(new float[4], 4));
    t.put("blocks.3.mlp.experts.1.fc1.weight", HostTensor.ofFloats(new float[64 * 31], 31, 64));
    t.put("blocks.1.mlp.counts", HostTensor.ofFloats(new float[4], 4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ParameterStore.fromTensors(specs, t, Device.cpu(), DataType.FLOAT32));
    String msg = e.getMessage();
    assertTrue(msg.contains("missing key 'blocks.2.attn.proj_attn_gate.bias'"), msg);
    assertTrue(msg.contains("unexpected key 'blocks.2.attn.rel_pos'"), msg);
    assertTrue(msg.contains("'blocks.3.mlp.experts.1.fc1.weight' has shape [31, 64], expected [32, 64]"), msg);
    assertTrue(msg.contains("'blocks.1.mlp.counts' has element type F32"), msg);
  }

  @Test
  void twoKeysMappingToOneNameIsAnError() {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("module.norm.weight", HostTensor.ofFloats(new float[1], 1));
    t.put("norm.weight", HostTensor.ofFloats(new float[1], 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReleasedWeights.rename(t, ReleasedWeights.Network.ENCODER));
    assertTrue(e.getMessage().contains("module.norm.weight") && e.getMessage().contains("'norm.weight'"));
  }

  /** Base-shaped release file (bf16, as the authors publish) loads with every shape checked. */
  @Test
  void baseShapedReleaseFileImports() throws IOException {
    List<ParameterSpec> specs = new Encoder(NeuroJepaConfig.base()).specs();
    Map<String, HostTensor> file = new LinkedHashMap<>();
    for (ParameterSpec s : specs) {
      int n = Math.toIntExact(s.size());
      HostTensor t =
          s.kind() == ParameterSpec.Kind.COUNTER
              ? HostTensor.ofLongs(new long[n], s.shape())
              : new HostTensor("BF16", s.shape(), pattern(n, s.name().hashCode()));
      file.put("encoder." + s.name(), t);
    }
    Path f = dir.resolve("model.safetensors");
    Safetensors.write(f, file, Map.of("format", "pt"));
    file.clear();
    Map<String, HostTensor> imported = ReleasedWeights.read(f, ReleasedWeights.Network.ENCODER);
    assertEquals(specs.size(), imported.size());
    try (ParameterStore store = ParameterStore.fromTensors(specs, imported, Device.cpu(), DataType.FLOAT32)) {
      assertEquals(new ai.djl.ndarray.types.Shape(768, 1, 12, 12, 12), store.get("patch_embed.proj.weight").getShape());
      float[] expected = imported.get("blocks.11.mlp.gate.gate.weight").toFloats();
      assertArrayEquals(expected, store.get("blocks.11.mlp.gate.gate.weight").toFloatArray());
    }
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      int bits = Float.floatToIntBits(((i * 31 + seed) % 97) / 1000f) >>> 16;
      b[2 * i] = (byte) bits;
      b[2 * i + 1] = (byte) (bits >>> 8);
    }
    return b;
  }

  private static HostTensor bf16(HostTensor t) {
    float[] f = t.toFloats();
    byte[] b = new byte[2 * f.length];
    for (int i = 0; i < f.length; i++) {
      int bits = Float.floatToIntBits(f[i]) >>> 16;
      b[2 * i] = (byte) bits;
      b[2 * i + 1] = (byte) (bits >>> 8);
    }
    return new HostTensor("BF16", t.shape(), b);
  }
}
