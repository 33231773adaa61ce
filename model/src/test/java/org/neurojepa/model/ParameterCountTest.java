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
  void perPartCountsAddUpForBase() {
    ParameterCounts counts = ParameterCounts.of(new Encoder(NeuroJepaConfig.base()));
    assertEquals(122_054_544L, counts.total());
    assertEquals(counts.total(), counts.byPart().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(768L * 1728 + 768, counts.byPart().get("patch_embed"));
    assertEquals(12L * (2304 * 768 + 2304 + 768 * 768 + 768 + 12 * 768 + 12), counts.byPart().get("attention"));
    assertEquals(6L * 16 * (2 * 768 * 384 + 384 + 768), counts.byPart().get("moe_routed_experts"));
    assertEquals(6L * 16 * 768, counts.byPart().get("moe_routers"));
    assertEquals(false, counts.byPart().containsKey("other"));
    // Each of 6 MoE blocks runs 6 of its 16 experts per token.
    assertEquals(counts.total() - 6L * 10 * (2 * 768 * 384 + 384 + 768), counts.activePerToken());
  }

  @Test
  void baseFlopsPerSequence() {
    FlopCount f = FlopCount.forward(NeuroJepaConfig.base(), 576);
    assertEquals(2L * 576 * 768 * 1728, f.patchEmbed());
    // 2·N·(active matmul parameters) + attention scores and mixing, to within the router and gate.
    long active = 86_595_984L - (768L * 1728 + 768) - 1536;
    assertTrue(Math.abs(f.total() - f.patchEmbed() - 2 * 576 * active - 12L * 4 * 576 * 576 * 768) < 2L * 576 * 500_000);
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
