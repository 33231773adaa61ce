package org.neurojepa.service.security;

import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.List;
import org.neurojepa.service.audit.AuditTrail;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Who may call what. Local users over HTTP Basic always work; with an OIDC issuer or JWK set
 * configured, bearer tokens work as well. The API keeps no sessions, so it needs no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder();
  }

  /** Audits the requests the firewall turns away before the filter chain (see RejectedRequestAudit). */
  @Bean
  RequestRejectedHandler rejectedRequestAudit(AuditTrail audit) {
    return new RejectedRequestAudit(audit);
  }

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties, AuditTrail audit)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(requests -> requests
            // the error page renders the status the request already has
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            // a load balancer or systemd probe asks without credentials; it learns UP or DOWN, no details
            .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
            .requestMatchers(EndpointRequest.to(PrometheusScrapeEndpoint.class))
                .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
            .requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll()
            .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(names(apiRoles(HttpMethod.GET)))
            .requestMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(names(apiRoles(HttpMethod.HEAD)))
            .requestMatchers("/api/**").hasAnyRole(names(apiRoles(HttpMethod.POST)))
            // Subscriptions name subscribers' endpoints and the credentials sent to them
            .requestMatchers("/fhir/Subscription", "/fhir/Subscription/**").hasRole(Role.ADMIN.name())
            .requestMatchers(HttpMethod.GET, "/fhir/**")
                .hasAnyRole(Role.FEED.name(), Role.AUDITOR.name(), Role.ADMIN.name())
            .requestMatchers(HttpMethod.HEAD, "/fhir/**")
                .hasAnyRole(Role.FEED.name(), Role.AUDITOR.name(), Role.ADMIN.name())
            .requestMatchers("/fhir/**").hasRole(Role.ADMIN.name())
            .anyRequest().authenticated())
        .httpBasic(basic -> basic.realmName("neurojepa"))
        .addFilterAfter(new ApiAccessAudit(audit), SecurityContextHolderFilter.class);
    SecurityProperties.Oidc oidc = properties.oidc();
    if (oidc.enabled()) {
      http.oauth2ResourceServer(server -> server.jwt(jwt -> jwt
          .decoder(jwtDecoder(oidc))
          .jwtAuthenticationConverter(new TokenAuthentication(oidc))));
    }
    return http.build();
  }

  /**
   * Who may call /api/** with {@code method}: reads need AUDITOR or ADMIN, changes (POST, PUT,
   * DELETE …) ADMIN. The OpenAPI description states the same roles from here.
   */
  public static List<Role> apiRoles(HttpMethod method) {
    return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
        ? List.of(Role.AUDITOR, Role.ADMIN) : List.of(Role.ADMIN);
  }

  private static String[] names(List<Role> roles) {
    return roles.stream().map(Role::name).toArray(String[]::new);
  }

  /**
   * With only an issuer, its discovery document is read at the first token rather than at start,
   * so that the service starts while the provider is unreachable.
   */
  private static JwtDecoder jwtDecoder(SecurityProperties.Oidc oidc) {
    if (oidc.jwkSetUri().isBlank()) {
      return new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(oidc.issuerUri()));
    }
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(oidc.issuerUri().isBlank()
        ? JwtValidators.createDefault()
        : JwtValidators.createDefaultWithIssuer(oidc.issuerUri()));
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }
}
