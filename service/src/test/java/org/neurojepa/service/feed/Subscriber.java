package org.neurojepa.service.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A subscriber's rest-hook endpoint on loopback (the JDK's HTTP server): each path answers as
 * its rule says for the n-th request it gets (1, 2, …), and every request is recorded.
 */
final class Subscriber implements AutoCloseable {

  /** One request as it arrived, and what it was answered. */
  record Received(String path, String method, String authorization, String contentType, String body, int answered) {
    boolean succeeded() {
      return answered / 100 == 2;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();

  Subscriber() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
  }

  /** Adds the endpoint {@code path}; {@code answer} gives the status of its n-th request. */
  String endpoint(String path, IntUnaryOperator answer) {
    AtomicInteger requests = new AtomicInteger();
    server.createContext(path, exchange -> answer(exchange, answer.applyAsInt(requests.incrementAndGet())));
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void answer(HttpExchange exchange, int status) throws IOException {
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    synchronized (received) {
      received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestMethod(),
          exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
          body, status));
    }
    exchange.getResponseHeaders().add("Connection", "close");
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** The requests to paths under {@code prefix}, in order of arrival. */
  List<Received> received(String prefix) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
