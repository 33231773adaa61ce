package org.neurojepa.pacs.orthanc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 peer that answers each request with the next of a fixed list of status and
 * body, for the answers a real Orthanc will not give on demand (a 503). It is a real socket: the
 * client under test goes through its whole network path.
 */
final class CannedHttpServer implements AutoCloseable {
  record Answer(int status, String body) {}

  private final ServerSocket socket;
  private final List<Answer> answers;
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread thread;

  CannedHttpServer(List<Answer> answers) throws IOException {
    this.answers = List.copyOf(answers);
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "canned-http");
    thread.setDaemon(true);
    thread.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/";
  }

  int requests() {
    return requests.get();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        InputStream in = s.getInputStream();
        int length = readHeaders(in);
        in.readNBytes(length);
        int n = requests.getAndIncrement();
        Answer a = answers.get(Math.min(n, answers.size() - 1));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 " + a.status() + " Canned\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        // a client that went away mid-request: serve the next one
      }
    }
  }

  /** Reads the request head; returns its Content-Length. */
  private static int readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int length = 0;
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        String l = line.toString(StandardCharsets.US_ASCII).trim();
        if (l.isEmpty()) {
          return length;
        }
        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(l.substring(15).trim());
        }
        line.reset();
      } else {
        line.write(b);
      }
    }
    throw new IOException("request ended inside its head");
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
