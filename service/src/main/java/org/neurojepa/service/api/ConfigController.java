package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.SortedMap;
import org.neurojepa.service.config.EffectiveConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The configuration the service runs with, secrets hidden. */
@RestController
@Tag(name = "Configuration")
public final class ConfigController {
  private final EffectiveConfiguration configuration;

  public ConfigController(EffectiveConfiguration configuration) {
    this.configuration = configuration;
  }

  @GetMapping("/api/config")
  @Operation(summary = "Every neurojepa.* setting with its effective value (defaults included)",
      description = "Passwords, tokens, secrets and credentials in URLs show as " + EffectiveConfiguration.HIDDEN
          + " when set, \"\" when not. Durations as in the configuration (10s, 500ms).")
  public SortedMap<String, Object> configuration() {
    return configuration.properties();
  }
}
