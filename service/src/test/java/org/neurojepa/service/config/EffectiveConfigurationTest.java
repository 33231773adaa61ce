package org.neurojepa.service.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How /api/config shows values: names as documented, durations as configured, no secrets. */
class EffectiveConfigurationTest {

  @Test
  void secretsAreHiddenWhenSetAndEmptyWhenNot() {
    assertEquals("******", EffectiveConfiguration.shown("neurojepa.database.password", "s3cret"));
    assertEquals("", EffectiveConfiguration.shown("neurojepa.database.password", ""));
    assertEquals("******", EffectiveConfiguration.shown("neurojepa.fhir.bearer-token", "abc"));
    assertEquals("******", EffectiveConfiguration.shown("neurojepa.security.oidc.client-secret", "abc"));
    assertEquals("******", EffectiveConfiguration.shown("neurojepa.security.admin-password", "abc"));
    assertEquals("sub", EffectiveConfiguration.shown("neurojepa.security.oidc.username-claim", "sub"));
  }

  @Test
  void credentialsInsideUrlsAreHidden() {
    assertEquals("https://fhir:******@example.org/fhir",
        EffectiveConfiguration.shown("neurojepa.fhir.base-url", "https://fhir:pa55@example.org/fhir"));
    assertEquals("jdbc:postgresql://db:5432/pacs?user=pacs&password=******&ssl=true",
        EffectiveConfiguration.shown("neurojepa.database.url",
            "jdbc:postgresql://db:5432/pacs?user=pacs&password=pa55&ssl=true"));
    assertEquals("https://example.org/fhir", EffectiveConfiguration.shown("neurojepa.fhir.base-url",
        "https://example.org/fhir"));
  }

  @Test
  void valuesShowAsTheyAreConfigured() {
    assertEquals("10s", EffectiveConfiguration.shown("neurojepa.dicom.quiet-period", Duration.ofSeconds(10)));
    assertEquals("500ms", EffectiveConfiguration.shown("neurojepa.pipeline.poll", Duration.ofMillis(500)));
    assertEquals(16, EffectiveConfiguration.shown("neurojepa.dicom.max-associations", 16));
    assertEquals(true, EffectiveConfiguration.shown("neurojepa.preprocessing.bias-correction", true));
    assertEquals("data", EffectiveConfiguration.shown("neurojepa.dicom.data-dir", Path.of("data")));
    assertEquals(List.of("PACS1", "MR2"),
        EffectiveConfiguration.shown("neurojepa.dicom.allowed-calling-ae-titles", List.of("PACS1", "MR2")));
    assertEquals("free-disk-watermark-bytes", EffectiveConfiguration.kebab("freeDiskWatermarkBytes"));
    assertEquals("jwk-set-uri", EffectiveConfiguration.kebab("jwkSetUri"));
  }
}
