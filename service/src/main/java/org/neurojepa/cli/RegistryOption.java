package org.neurojepa.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.neurojepa.training.registry.ModelRegistry;
import picocli.CommandLine.Option;

/** The model registry a command works on. */
final class RegistryOption {
  @Option(names = "--registry", paramLabel = "DIR",
      defaultValue = "${env:NEUROJEPA_DATA_DIR:-./data}/models",
      description = "The model registry (default: ${DEFAULT-VALUE}, the service's).")
  Path registry;

  ModelRegistry open() throws IOException {
    return ModelRegistry.open(registry);
  }
}
