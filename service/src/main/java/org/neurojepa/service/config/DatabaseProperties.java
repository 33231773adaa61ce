package org.neurojepa.service.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service keeps its state. With no {@code url}, the service starts an embedded
 * PostgreSQL under its data directory; production points {@code url} at an external PostgreSQL.
 * Prefix {@code neurojepa.database}.
 */
@Validated
@ConfigurationProperties("neurojepa.database")
public record DatabaseProperties(
    @DefaultValue("") String url,
    @DefaultValue("neurojepa") String username,
    @DefaultValue("") String password,
    @Min(0) @Max(65535) @DefaultValue("0") int embeddedPort,
    @Min(1) @DefaultValue("10") int maxConnections) {

  public boolean embedded() {
    return url.isBlank();
  }
}
