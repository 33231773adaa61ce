package org.neurojepa.fhir.testserver;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A real HAPI FHIR JPA server (R4, H2, embedded Tomcat on 127.0.0.1), run by tests as a child JVM
 * and stopped by PID. Arguments: {@code <port> <jdbcUrl> <baseDir> [--bearer TOKEN]
 * [--https PORT PKCS12-KEYSTORE PASSWORD]}.
 *
 * <p>{@code POST /control/stall-next-transaction} makes the server hold its answer to the next
 * transaction, after it has committed, until another request arrives: the client sees a timeout
 * on a transaction that did succeed, exactly the case a retry must not duplicate.
 */
public final class JpaFhirServer {
  private JpaFhirServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    JpaServerConfig.jdbcUrl = args[1];
    Path baseDir = Files.createDirectories(Path.of(args[2]));
    String bearer = null;
    int httpsPort = 0;
    String keystore = null;
    String storePassword = null;
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--bearer" -> bearer = args[++i];
        case "--https" -> {
          httpsPort = Integer.parseInt(args[++i]);
          keystore = args[++i];
          storePassword = args[++i];
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    long start = System.nanoTime();
    AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(JpaServerConfig.class);
    RestfulServer fhir = spring.getBean(RestfulServer.class);
    if (bearer != null) {
      fhir.registerInterceptor(new BearerCheck(bearer));
    }
    StallNextTransaction stall = new StallNextTransaction();
    fhir.registerInterceptor(stall);

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    if (httpsPort > 0) {
      Connector https = new Connector();
      https.setPort(httpsPort);
      https.setProperty("address", "127.0.0.1");
      https.setScheme("https");
      https.setSecure(true);
      https.setProperty("SSLEnabled", "true");
      SSLHostConfig tls = new SSLHostConfig();
      SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.RSA);
      certificate.setCertificateKeystoreFile(keystore);
      certificate.setCertificateKeystorePassword(storePassword);
      certificate.setCertificateKeystoreType("PKCS12");
      tls.addCertificate(certificate);
      https.addSslHostConfig(tls);
      tomcat.getService().addConnector(https);
    }
    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "fhir", fhir);
    context.addServletMappingDecoded("/fhir/*", "fhir");
    Tomcat.addServlet(context, "control", new jakarta.servlet.http.HttpServlet() {
      @Override
      protected void doPost(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) {
        stall.arm();
        resp.setStatus(204);
      }
    });
    context.addServletMappingDecoded("/control/stall-next-transaction", "control");
    tomcat.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (Exception ignored) {
        // the JVM is going away either way
      }
      spring.close();
    }));
    System.out.printf("LISTENING %d after %.1f s%n", port, (System.nanoTime() - start) / 1e9);
    System.out.flush();
    tomcat.getServer().await();
  }

  /** Refuses any request without {@code Authorization: Bearer <token>}, as a 401 with an OperationOutcome. */
  public static final class BearerCheck {
    private final String expected;

    BearerCheck(String token) {
      this.expected = "Bearer " + token;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
      String header = request.getHeader("Authorization");
      if (!expected.equals(header)) {
        throw new AuthenticationException("Missing or invalid bearer token");
      }
      return true;
    }
  }

  /** Once armed, holds the next committed transaction's answer until another request comes in. */
  public static final class StallNextTransaction {
    private final AtomicBoolean armed = new AtomicBoolean(false);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private final AtomicBoolean stalling = new AtomicBoolean(false);

    void arm() {
      release = new CountDownLatch(1);
      armed.set(true);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean incoming() {
      if (stalling.get()) {
        release.countDown();
      }
      return true;
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request) throws InterruptedException {
      if (request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION && armed.compareAndSet(true, false)) {
        stalling.set(true);
        System.out.println("STALLING the answer to a committed transaction");
        release.await(120, TimeUnit.SECONDS);
        stalling.set(false);
      }
      return true;
    }
  }
}
