package org.neurojepa.service.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * An Orthanc server as a source of studies besides the DICOM node. Prefix {@code neurojepa.orthanc}.
 *
 * @param baseUrl Orthanc's REST API, e.g. {@code http://pacs:8042}; empty: no Orthanc source
 * @param username HTTP Basic user for Orthanc (empty: none)
 * @param password its password
 * @param poll how often the change feed is read
 * @param startFrom where a source never followed before starts: {@code now} (only what arrives from
 *     now on) or {@code beginning} (everything Orthanc holds)
 * @param modality only series of this modality are pulled
 */
@Validated
@ConfigurationProperties("neurojepa.orthanc")
public record OrthancSourceProperties(
    @NotNull @DefaultValue("") String baseUrl,
    @NotNull @DefaultValue("") String username,
    @NotNull @DefaultValue("") String password,
    @NotNull @DefaultValue("5s") Duration poll,
    @Pattern(regexp = "now|beginning", message = "start-from is now or beginning") @DefaultValue("now") String startFrom,
    @NotNull @DefaultValue("MR") String modality) {

  public boolean enabled() {
    return !baseUrl.isBlank();
  }

  @Override
  public String toString() {
    return "OrthancSourceProperties[baseUrl=" + baseUrl + ", username=" + username + ", password=******, poll=" + poll
        + ", startFrom=" + startFrom + ", modality=" + modality + "]";
  }
}
