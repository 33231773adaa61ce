package org.neurojepa.service.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the HTTP API. Prefix {@code neurojepa.security}; every key is documented in README.md.
 *
 * @param adminPassword the password of the user {@code admin} created at the first start; empty:
 *     one is generated and printed once to the console
 * @param oidc bearer tokens from an OpenID Connect provider, the production mode
 */
@Validated
@ConfigurationProperties("neurojepa.security")
public record SecurityProperties(@DefaultValue("") String adminPassword, @NotNull @DefaultValue Oidc oidc) {

  /**
   * OAuth2/OIDC resource-server settings. Tokens are accepted when {@code issuerUri} or
   * {@code jwkSetUri} is set.
   *
   * @param issuerUri the provider's issuer; its discovery document names the signing keys, and
   *     tokens must carry this {@code iss}
   * @param jwkSetUri where the signing keys are, when the issuer has no discovery document
   * @param rolesClaim the claim holding the roles (a list or a space-separated string); dots
   *     reach into nested objects, e.g. {@code realm_access.roles}
   * @param usernameClaim the claim naming the user in the audit trail
   */
  public record Oidc(
      @DefaultValue("") String issuerUri,
      @DefaultValue("") String jwkSetUri,
      @NotBlank @DefaultValue("roles") String rolesClaim,
      @NotBlank @DefaultValue("sub") String usernameClaim) {

    public boolean enabled() {
      return !issuerUri.isBlank() || !jwkSetUri.isBlank();
    }
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "SecurityProperties[adminPassword=" + (adminPassword.isEmpty() ? "(generate)" : "(set)") + ", oidc=" + oidc
        + "]";
  }
}
