package org.neurojepa.service.feed;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import java.util.concurrent.TimeUnit;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * HAPI generic clients of a test's feed, on one HTTP client of the test's own that {@link #close}
 * shuts (the leak check counts sockets). A context of its own: the client factory, and so the
 * HTTP client, is per context.
 */
final class FeedClients implements AutoCloseable {
  private final FhirContext context = FhirContext.forR4();
  private final CloseableHttpClient http;
  private final String base;

  FeedClients(int httpPort) {
    this.base = "http://127.0.0.1:" + httpPort + "/fhir";
    PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(5, TimeUnit.SECONDS);
    this.http = HttpClients.custom().setConnectionManager(connections).disableAutomaticRetries().build();
    context.getRestfulClientFactory().setHttpClient(http);
    context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
  }

  FhirContext context() {
    return context;
  }

  String base() {
    return base;
  }

  /** A client signing in as {@code user}. */
  IGenericClient as(String user, String password) {
    IGenericClient client = context.newRestfulGenericClient(base);
    client.registerInterceptor(new BasicAuthInterceptor(user, password));
    return client;
  }

  /** A client without credentials. */
  IGenericClient anonymous() {
    return context.newRestfulGenericClient(base);
  }

  @Override
  public void close() throws java.io.IOException {
    http.close();
  }
}
