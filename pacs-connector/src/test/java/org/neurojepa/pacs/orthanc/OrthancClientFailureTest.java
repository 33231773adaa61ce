package org.neurojepa.pacs.orthanc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurojepa.pacs.orthanc.CannedHttpServer.Answer;
import org.neurojepa.pacs.orthanc.OrthancException.Kind;
import org.neurojepa.testkit.junit.FreePorts;

/** What the client says when the server is down, silent, or failing; and what it retries. */
class OrthancClientFailureTest {
  private static final String SYSTEM_JSON =
      "{\"Name\":\"canned\",\"Version\":\"1.10.1\",\"ApiVersion\":16,\"DicomAet\":\"X\",\"DicomPort\":104,\"HttpPort\":1}";

  @Test
  void aServerThatIsDownIsAConnectionErrorAfterTheConfiguredRetries() {
    int port = FreePorts.loopback();
    String base = "http://127.0.0.1:" + port + "/";
    try (OrthancClient client =
        OrthancClient.builder(base).retries(3).retryBackoff(Duration.ofMillis(10)).build()) {
      OrthancException e = assertThrows(OrthancException.class, client::system);
      assertEquals(Kind.CONNECTION_FAILED, e.kind());
      assertEquals(4, e.attempts());
      assertEquals(0, e.httpStatus());
      assertInstanceOf(ConnectException.class, e.getCause());
      assertTrue(e.getMessage().startsWith(
          "server down / connection refused at GET " + base + "system after 4 attempts"), e.getMessage());

      // An upload is not idempotent: it is sent once.
      OrthancException post = assertThrows(OrthancException.class, () -> client.upload(new byte[] {1, 2, 3}));
      assertEquals(Kind.CONNECTION_FAILED, post.kind());
      assertEquals(1, post.attempts());
    }
  }

  @Test
  void aServerThatAcceptsButNeverAnswersIsATimeout() throws IOException {
    // The kernel completes the TCP handshake into the backlog; nothing ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        OrthancClient client = OrthancClient.builder("http://127.0.0.1:" + silent.getLocalPort() + "/")
            .readTimeout(Duration.ofMillis(300)).retries(2).retryBackoff(Duration.ofMillis(10)).build()) {
      OrthancException e = assertThrows(OrthancException.class, client::system);
      assertEquals(Kind.TIMEOUT, e.kind());
      assertEquals(1, e.attempts(), "a timeout is not retried");
      assertInstanceOf(SocketTimeoutException.class, e.getCause());
      assertTrue(e.getMessage().startsWith("timeout: GET http://127.0.0.1:" + silent.getLocalPort() + "/system"),
          e.getMessage());
    }
  }

  @Test
  void aGetIsRetriedAfter5xxAndSucceeds() throws IOException {
    try (CannedHttpServer server = new CannedHttpServer(List.of(
            new Answer(503, "{}"), new Answer(502, ""), new Answer(200, SYSTEM_JSON)));
        OrthancClient client = OrthancClient.builder(server.baseUrl()).retries(2).retryBackoff(Duration.ofMillis(10)).build()) {
      assertEquals("canned", client.system().name());
      assertEquals(3, server.requests());
    }
  }

  @Test
  void persistent5xxEndsAsAnHttpErrorWithOrthancsMessage() throws IOException {
    String error = "{\"HttpStatus\":500,\"Message\":\"Internal error\",\"Details\":\"database is locked\"}";
    try (CannedHttpServer server = new CannedHttpServer(List.of(new Answer(500, error)));
        OrthancClient client = OrthancClient.builder(server.baseUrl()).retries(1).retryBackoff(Duration.ofMillis(10)).build()) {
      OrthancException e = assertThrows(OrthancException.class, () -> client.series("abc"));
      assertEquals(Kind.HTTP_ERROR, e.kind());
      assertEquals(500, e.httpStatus());
      assertEquals(2, e.attempts());
      assertEquals(2, server.requests());
      assertEquals("Internal error — database is locked", e.orthancMessage());
      assertTrue(e.getMessage().contains("HTTP error (500): GET " + server.baseUrl() + "series/abc after 2 attempts"),
          e.getMessage());

      OrthancException post = assertThrows(OrthancException.class, () -> client.upload(new byte[] {1}));
      assertEquals(1, post.attempts());
      assertEquals(3, server.requests());
    }
  }

  @Test
  void aSuccessfulAnswerThatIsNotWhatOrthancSendsIsAnInvalidResponse() throws IOException {
    try (CannedHttpServer server = new CannedHttpServer(List.of(new Answer(200, "<html>proxy login</html>")));
        OrthancClient client = OrthancClient.builder(server.baseUrl()).build()) {
      OrthancException e = assertThrows(OrthancException.class, client::system);
      assertEquals(Kind.INVALID_RESPONSE, e.kind());
    }
    try (CannedHttpServer server = new CannedHttpServer(List.of(new Answer(200, "{\"Name\":\"no version\"}")));
        OrthancClient client = OrthancClient.builder(server.baseUrl()).build()) {
      OrthancException e = assertThrows(OrthancException.class, client::system);
      assertEquals(Kind.INVALID_RESPONSE, e.kind());
      assertTrue(e.getMessage().contains("Version"), e.getMessage());
    }
  }

  @Test
  void badSettingsAreRefusedWhenBuilding() {
    assertThrows(IllegalArgumentException.class, () -> OrthancClient.builder("not a url"));
    assertThrows(IllegalArgumentException.class, () -> OrthancClient.builder("http://h/?q=1"));
    OrthancClient.Builder b = OrthancClient.builder("http://127.0.0.1:1/");
    assertThrows(IllegalArgumentException.class, () -> b.retries(-1));
    assertThrows(IllegalArgumentException.class, () -> b.readTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.credentials(" ", "x"));
  }

  @Test
  void aBaseUrlWithAPathKeepsIt() {
    try (OrthancClient client = OrthancClient.builder("http://127.0.0.1:1/pacs/orthanc/").retries(0).build()) {
      OrthancException e = assertThrows(OrthancException.class, () -> client.series("s1"));
      assertTrue(e.url().equals("http://127.0.0.1:1/pacs/orthanc/series/s1"), e.url());
    }
  }
}
