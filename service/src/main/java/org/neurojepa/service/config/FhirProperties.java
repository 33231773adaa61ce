package org.neurojepa.service.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * FHIR output. Prefix {@code neurojepa.fhir}. Reports are always composed and stored; they are
 * delivered only when {@code baseUrl} is set.
 *
 * @param baseUrl the FHIR R4 server's base URL; empty: no delivery
 * @param bearerToken sent as {@code Authorization: Bearer} when not empty
 * @param basicUser HTTP Basic user for the FHIR server when no bearer token is set (empty: none)
 * @param basicPassword its password
 * @param patientIdentifierSystem the identifier system under which DICOM PatientIDs are Patient identifiers
 * @param deliveryAttempts HTTP attempts within one delivery job (the job itself is retried by the pipeline)
 */
@Validated
@ConfigurationProperties("neurojepa.fhir")
public record FhirProperties(
    @NotNull @DefaultValue("") String baseUrl,
    @NotNull @DefaultValue("") String bearerToken,
    @NotNull @DefaultValue("") String basicUser,
    @NotNull @DefaultValue("") String basicPassword,
    @Pattern(regexp = "(https?|urn):\\S+", message = "an absolute URI")
        @DefaultValue("urn:neurojepa:patient-id") String patientIdentifierSystem,
    @Min(1) @DefaultValue("3") int deliveryAttempts) {

  public boolean delivers() {
    return !baseUrl.isBlank();
  }

  @Override
  public String toString() {
    return "FhirProperties[baseUrl=" + baseUrl + ", bearerToken=" + (bearerToken.isBlank() ? "" : "******")
        + ", basicUser=" + basicUser + ", basicPassword=" + (basicPassword.isBlank() ? "" : "******")
        + ", patientIdentifierSystem=" + patientIdentifierSystem + ", deliveryAttempts=" + deliveryAttempts + "]";
  }
}
