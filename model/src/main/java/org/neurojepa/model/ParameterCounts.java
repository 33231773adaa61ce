package org.neurojepa.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurojepa.model.nn.Encoder;

/**
 * Trained parameters of an encoder grouped by part, counted from shapes without allocating, and
 * the parameters one token passes through.
 */
public record ParameterCounts(Map<String, Long> byPart, long total, long activePerToken) {

  public static ParameterCounts of(Encoder encoder) {
    List<ParameterSpec> specs = encoder.specs();
    Map<String, Long> parts = new LinkedHashMap<>();
    for (String part :
        List.of("patch_embed", "attention", "layer_norms", "dense_mlps", "moe_routers", "moe_routed_experts",
            "moe_shared_experts")) {
      parts.put(part, 0L);
    }
    long total = 0;
    for (ParameterSpec s : specs) {
      if (s.kind() != ParameterSpec.Kind.PARAMETER) {
        continue;
      }
      parts.merge(part(s.name()), s.size(), Long::sum);
      total += s.size();
    }
    return new ParameterCounts(java.util.Collections.unmodifiableMap(parts), total, encoder.activeParameterCount());
  }

  static String part(String name) {
    if (name.startsWith("patch_embed.")) {
      return "patch_embed";
    }
    if (name.contains(".attn.")) {
      return "attention";
    }
    if (name.contains(".norm1.") || name.contains(".norm2.") || name.startsWith("norm.")) {
      return "layer_norms";
    }
    if (name.contains(".mlp.gate.")) {
      return "moe_routers";
    }
    if (name.contains(".mlp.experts.")) {
      return "moe_routed_experts";
    }
    if (name.contains(".mlp.shared_experts.")) {
      return "moe_shared_experts";
    }
    if (name.contains(".mlp.fc")) {
      return "dense_mlps";
    }
    return "other";
  }
}
