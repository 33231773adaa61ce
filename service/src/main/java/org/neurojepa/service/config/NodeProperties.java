package org.neurojepa.service.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The DICOM node: where it listens, who may call it, where received instances go, and when a
 * series counts as complete. Prefix {@code neurojepa.dicom}; every key is documented in README.md.
 */
@Validated
@ConfigurationProperties("neurojepa.dicom")
public record NodeProperties(
    @NotBlank @Pattern(regexp = "[^\\\\\\p{Cntrl}]{1,16}", message = "an AE title is 1 to 16 characters without backslash")
        @DefaultValue("NEUROJEPA") String aeTitle,
    @NotBlank @DefaultValue("127.0.0.1") String bind,
    @Min(0) @Max(65535) @DefaultValue("11112") int port,
    @NotNull @DefaultValue List<String> allowedCallingAeTitles,
    @NotNull @DefaultValue("./data") Path dataDir,
    @NotNull @DefaultValue("10s") Duration quietPeriod,
    @Min(0) @DefaultValue("1073741824") long freeDiskWatermarkBytes,
    @Min(1) @DefaultValue("16") int maxAssociations) {

  /** Received instances live here, one folder per study and series. */
  public Path instanceDir() {
    return dataDir.resolve("dicom");
  }
}
