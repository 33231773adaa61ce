package org.neurojepa.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurojepa.model.nn.Encoder;

class ParameterCountTest {
  @Test
  void baseEncoderHasTheReleasedParameterCount() {
    Encoder encoder = new Encoder(NeuroJepaConfig.base());
    assertEquals(122_054_544L, encoder.parameterCount());
  }

  @Test
  void baseActiveParametersPerTokenAreAbout86Point6Million() {
    Encoder encoder = new Encoder(NeuroJepaConfig.base());
    // 6 dense blocks + 6 MoE blocks with router, 6 of 16 experts and the shared expert active.
    assertEquals(86_595_984L, encoder.activeParameterCount());
  }

  @Test
  void baseHasReleaseKeyNamesAndShapes() {
    List<ParameterSpec> specs = new Encoder(NeuroJepaConfig.base()).specs();
    assertShape(specs, "patch_embed.proj.weight", 768, 1, 12, 12, 12);
    assertShape(specs, "blocks.0.attn.qkv.weight", 2304, 768);
    assertShape(specs, "blocks.0.attn.proj_attn_gate.weight", 12, 768);
    assertShape(specs, "blocks.0.mlp.fc1.weight", 3072, 768);
    assertShape(specs, "blocks.1.mlp.gate.gate.weight", 16, 768);
    assertShape(specs, "blocks.1.mlp.gate.bias", 16);
    assertShape(specs, "blocks.1.mlp.counts", 16);
    assertShape(specs, "blocks.11.mlp.experts.15.fc2.weight", 768, 384);
    assertShape(specs, "blocks.11.mlp.shared_experts.fc1.weight", 768, 768);
    assertShape(specs, "norm.bias", 768);
    assertTrue(specs.stream().noneMatch(s -> s.name().equals("blocks.0.mlp.gate.gate.weight")));
    assertEquals(
        ParameterSpec.Kind.COUNTER,
        specs.stream().filter(s -> s.name().equals("blocks.3.mlp.counts")).findFirst().orElseThrow().kind());
  }

  @Test
  void outputProjectionsAreScaledByLayerNumber() {
    List<ParameterSpec> specs = new Encoder(NeuroJepaConfig.base()).specs();
    assertEquals(0.02 / Math.sqrt(2 * 4), find(specs, "blocks.3.attn.proj.weight").std(), 1e-15);
    assertEquals(0.02 / Math.sqrt(2 * 4), find(specs, "blocks.3.mlp.experts.2.fc2.weight").std(), 1e-15);
    assertEquals(0.02, find(specs, "blocks.3.mlp.experts.2.fc1.weight").std(), 1e-15);
  }

  private static ParameterSpec find(List<ParameterSpec> specs, String name) {
    return specs.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  private static void assertShape(List<ParameterSpec> specs, String name, long... shape) {
    assertEquals(java.util.Arrays.toString(shape), find(specs, name).shapeText(), name);
  }
}
