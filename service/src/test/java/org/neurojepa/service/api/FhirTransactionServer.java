package org.neurojepa.service.api;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A FHIR server's transaction endpoint on loopback (the JDK's HTTP server): while refusing, it
 * answers 422 with an OperationOutcome, as a server that will not take the report does; then it
 * accepts, answering each entry 201 Created with a location, as a real transaction-response.
 */
final class FhirTransactionServer implements AutoCloseable {
  static final String REFUSAL = "DiagnosticReport.code: this server takes no MR Brain reports";

  private final HttpServer server;
  private final AtomicBoolean accepting = new AtomicBoolean(false);
  private final AtomicInteger requests = new AtomicInteger();
  private final FhirContext fhir = FhirContext.forR4Cached();

  FhirTransactionServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/fhir", this::answer);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
  }

  void accept() {
    accepting.set(true);
  }

  int requests() {
    return requests.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String json;
    int status;
    if (!accepting.get() || !exchange.getRequestMethod().equals("POST")) {
      OperationOutcome outcome = new OperationOutcome();
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.BUSINESSRULE).setDiagnostics(REFUSAL);
      json = fhir.newJsonParser().encodeResourceToString(outcome);
      status = 422;
    } else {
      Bundle request = fhir.newJsonParser().parseResource(Bundle.class, body);
      Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
      int n = 0;
      for (Bundle.BundleEntryComponent e : request.getEntry()) {
        n++;
        response.addEntry().getResponse().setStatus("201 Created")
            .setLocation(e.getResource().fhirType() + "/" + n + "/_history/1");
      }
      json = fhir.newJsonParser().encodeResourceToString(response);
      status = 200;
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
    exchange.getResponseHeaders().add("Connection", "close");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
