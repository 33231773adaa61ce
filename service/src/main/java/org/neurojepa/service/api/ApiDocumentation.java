package org.neurojepa.service.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.neurojepa.service.security.Role;
import org.neurojepa.service.security.SecurityConfiguration;
import org.neurojepa.service.security.SecurityProperties;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The OpenAPI description of /api, served at /api/openapi.json (springdoc, from the controllers
 * and their annotations). Each operation states the roles that may call it ({@code x-roles} and
 * its description), taken from the rule {@link SecurityConfiguration} enforces, so the two
 * cannot drift apart.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {
  static final String ROLES_EXTENSION = "x-roles";

  @Bean
  OpenAPI apiDescription(SecurityProperties security) {
    Components components = new Components().addSecuritySchemes("basic",
        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
            .description("a local user (POST /api/users)"));
    SecurityRequirement requirement = new SecurityRequirement().addList("basic");
    if (security.oidc().enabled()) {
      components.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
          .bearerFormat("JWT").description("a token of the configured OIDC provider; roles from the claim '"
              + security.oidc().rolesClaim() + "'"));
      requirement = requirement.addList("bearer");
    }
    return new OpenAPI()
        .info(new Info().title("NeuroJEPA-PACS admin API").version("1")
            .description("Studies and series, jobs and dead letters, deliveries, the audit trail, users and the"
                + " effective configuration. Reads need the role AUDITOR or ADMIN, changes ADMIN; every request is"
                + " audited."))
        .components(components)
        .addSecurityItem(requirement);
  }

  @Bean
  OpenApiCustomizer rolesPerOperation() {
    return openApi -> openApi.getPaths().values().forEach(path -> path.readOperationsMap().forEach((method, op) -> {
      List<String> roles = SecurityConfiguration.apiRoles(HttpMethod.valueOf(method.name())).stream()
          .map(Role::name).toList();
      op.addExtension(ROLES_EXTENSION, roles);
      String description = op.getDescription() == null ? "" : op.getDescription() + "\n\n";
      op.setDescription(description + "Roles: " + String.join(", ", roles) + ".");
      op.getResponses().addApiResponse("401", new ApiResponse().description("no credentials, or bad ones"));
      op.getResponses().addApiResponse("403", new ApiResponse().description("a role that may not do this"));
    }));
  }
}
