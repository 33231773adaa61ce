package org.neurojepa.fhir.testserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.r4.model.Bundle;
import org.neurojepa.testkit.junit.ExternalProcess;

/**
 * The HAPI FHIR JPA server in a child JVM on 127.0.0.1, its database in the test's directory,
 * and a client to read back what it stored. Closing stops the server by PID and closes the client.
 */
public final class JpaServerProcess implements AutoCloseable {
  private final ExternalProcess process;
  private final int port;
  private final String token;
  private final CloseableHttpClient http;
  private final IGenericClient client;
  private final double startSeconds;

  private JpaServerProcess(ExternalProcess process, int port, String token, double startSeconds) {
    this.process = process;
    this.port = port;
    this.token = token;
    this.startSeconds = startSeconds;
    FhirContext ctx = FhirContext.forR4();
    // Our own HTTP client, so that close() really closes its connections; the factory's timeout
    // setters would replace it with one of its own, so timeouts are set here.
    this.http = HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager())
        .setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom()
            .setConnectTimeout(10_000).setSocketTimeout(60_000).build())
        .build();
    ctx.getRestfulClientFactory().setHttpClient(http);
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    this.client = ctx.newRestfulGenericClient(baseUrl());
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
  }

  /**
   * Starts the server on {@code port} requiring {@code Bearer token}, with an H2 database in files
   * under {@code dir} (so a restarted server keeps what it stored), and waits until it listens.
   */
  public static JpaServerProcess start(Path dir, int port, String token) {
    return start(dir, port, token, null);
  }

  /** As {@link #start(Path, int, String)}, also serving https with {@code tls} when it is given. */
  public static JpaServerProcess start(Path dir, int port, String token, TestCertificate tls) {
    String classpath = System.getProperty("java.class.path");
    if (!classpath.contains("hapi-fhir-jpaserver-base")) {
      throw new IllegalStateException("the HAPI JPA server is not on the test class path: " + classpath);
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + dir.resolve("tmp"),
        JpaFhirServer.class.getName(),
        Integer.toString(port),
        "jdbc:h2:file:" + dir.resolve("db").resolve("fhir").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE",
        dir.resolve("tomcat").toString(),
        "--bearer", token));
    if (tls != null) {
      command.addAll(List.of("--https", Integer.toString(tls.port()), tls.keystore().toString(), tls.password()));
    }
    dir.resolve("tmp").toFile().mkdirs();
    long t0 = System.nanoTime();
    ExternalProcess p = ExternalProcess.start("fhir-server-" + port, command, dir,
        Map.of("CLASSPATH", classpath.replace(File.pathSeparatorChar, ':')));
    try {
      p.awaitPort(port, Duration.ofSeconds(180));
      if (tls != null) {
        p.awaitPort(tls.port(), Duration.ofSeconds(30));
      }
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new JpaServerProcess(p, port, token, (System.nanoTime() - t0) / 1e9);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/fhir";
  }

  public String token() {
    return token;
  }

  public int port() {
    return port;
  }

  public double startSeconds() {
    return startSeconds;
  }

  public IGenericClient client() {
    return client;
  }

  /** Every resource of {@code type} matching {@code query} (e.g. {@code identifier=sys|v}), all pages. */
  public List<org.hl7.fhir.r4.model.Resource> search(String type, String query) {
    Bundle page = client.search().byUrl(type + "?" + query).returnBundle(Bundle.class).execute();
    List<org.hl7.fhir.r4.model.Resource> found = new ArrayList<>();
    while (true) {
      page.getEntry().forEach(e -> found.add(e.getResource()));
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        return found;
      }
      page = client.loadPage().next(page).execute();
    }
  }

  /** Makes the server hold its answer to the next transaction until another request arrives. */
  public void stallNextTransaction() {
    try (var r = http.execute(new org.apache.http.client.methods.HttpPost(
        "http://127.0.0.1:" + port + "/control/stall-next-transaction"))) {
      if (r.getStatusLine().getStatusCode() != 204) {
        throw new IllegalStateException("control request answered " + r.getStatusLine());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException ignored) {
      // the server goes next either way
    }
    process.close();
  }
}
