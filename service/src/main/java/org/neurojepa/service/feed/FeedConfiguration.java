package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.neurojepa.service.config.FeedProperties;
import org.neurojepa.service.security.SecurityProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR result feed: HAPI's plain RESTful server as the servlet at /fhir/*, with a resource
 * provider per type over our own tables. Spring Security guards it like /api (SecurityConfiguration).
 * It has no paging provider, so pages are {@code _offset}/{@code _count} queries, not searches
 * held in memory.
 */
@Configuration(proxyBeanMethods = false)
public class FeedConfiguration {

  /** One R4 context for the service; building one takes seconds, and it is thread-safe. */
  @Bean
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }

  @Bean
  ServletRegistrationBean<RestfulServer> fhirServlet(FhirContext context, List<IResourceProvider> providers,
      FeedProperties properties, SecurityProperties security) {
    RestfulServer server = new RestfulServer(context);
    server.setServerName("NeuroJEPA-PACS FHIR result feed");
    server.setResourceProviders(providers);
    server.setDefaultResponseEncoding(EncodingEnum.JSON);
    server.setDefaultPageSize(properties.defaultPageSize());
    server.setMaximumPageSize(properties.maxPageSize());
    server.registerInterceptor(new FeedCapabilities(security));
    ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
    registration.setName("fhir");
    // scan the providers at start, so that a mistake in them stops the start, not the first request
    registration.setLoadOnStartup(1);
    return registration;
  }
}
