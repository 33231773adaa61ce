package org.neurojepa.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.NeuroJepaApplication;
import org.neurojepa.service.audit.AuditAction;
import org.neurojepa.service.audit.AuditEntry;
import org.neurojepa.service.audit.AuditQuery;
import org.neurojepa.service.audit.AuditTrail;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.ServiceSettings;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The API's security against the running service and its embedded PostgreSQL, started twice on
 * one data directory: the first start creates the admin with a generated password printed once,
 * local users and roles decide who may do what, and every access (turned away or not) is in the
 * audit trail; the restart prints no password and also accepts OIDC bearer tokens, signed by a
 * key this test makes and served as a JWK set by a small HTTP server on loopback.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityTest {
  private static final Pattern PRINTED_PASSWORD =
      Pattern.compile("Its password:\\R\\s*\\R\\s+(\\S+)\\R");
  private static final String BANNER = "NeuroJEPA created the API user 'admin'";
  private static final String AUDITOR_PASSWORD = "auditor-password-1";
  private static final String FEED_PASSWORD = "feed-password-12345";

  @TempDir static Path dataDir;
  private static ConfigurableApplicationContext app;
  private static String adminPassword;
  private static HttpServer jwks;
  private static RSAKey key;

  private static ConfigurableApplicationContext start(String... extra) {
    List<String> args = new ArrayList<>(List.of(ServiceSettings.node(dataDir)
        .with("server.port", 0)
        .with("neurojepa.pipeline.workers", 0)
        .with("logging.file.name", logFile())
        .arguments()));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(NeuroJepaApplication.class).run(args.toArray(String[]::new));
  }

  private static Path logFile() {
    return dataDir.resolve("logs").resolve("neurojepa.log");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    // Spring Boot publishes logging.file.name as this system property; later starts in this JVM log to the console only
    System.clearProperty("LOG_FILE");
    if (jwks != null) {
      jwks.stop(0);
    }
  }

  @Test
  @Order(1)
  void firstStartCreatesTheAdminWithAPasswordPrintedOnce(CapturedOutput output) throws Exception {
    app = start();
    Matcher printed = PRINTED_PASSWORD.matcher(output.getOut());
    assertTrue(printed.find(), "the generated password is printed:\n" + output.getOut());
    adminPassword = printed.group(1);
    assertTrue(adminPassword.length() >= 20, adminPassword);
    assertEquals(1, occurrences(output.getAll(), BANNER));
    assertEquals(1, occurrences(output.getAll(), adminPassword), "printed once, and logged nowhere");

    assertEquals(200, call("GET", "/api/jobs", HttpCalls.basic("admin", adminPassword), null).status());
    String hash = app.getBean(JdbcTemplate.class)
        .queryForObject("SELECT password_hash FROM users WHERE name = 'admin'", String.class);
    assertTrue(hash.startsWith("$2"), "stored as a bcrypt hash: " + hash);
    assertFalse(hash.contains(adminPassword));

    // the logging configuration masks patient data whoever logs it
    LoggerFactory.getLogger(SecurityTest.class).info("header PatientID=PID-SECRET-4711 PatientName=SECRET^PATIENT");
    assertTrue(output.getOut().contains("header PatientID=*** PatientName=***"), output.getOut());
    assertFalse(output.getAll().contains("PID-SECRET-4711"));

    // the log file has the same masked lines, and never the password
    String logged = Files.readString(logFile());
    assertTrue(logged.contains("created user 'admin' with a generated password"), logged);
    assertTrue(logged.contains("header PatientID=*** PatientName=***"), logged);
    assertFalse(logged.contains(adminPassword), "the password is not in the log file");
    assertFalse(logged.contains("PID-SECRET-4711") || logged.contains("SECRET^PATIENT"));
  }

  @Test
  @Order(2)
  void rolesDecideWhoMayDoWhat() throws Exception {
    HttpCalls.Response anonymous = call("GET", "/api/jobs", null, null);
    assertEquals(401, anonymous.status());
    assertTrue(anonymous.authenticate().startsWith("Basic"), anonymous.authenticate());
    assertEquals(401, call("GET", "/api/jobs", HttpCalls.basic("admin", "not-the-password"), null).status());
    assertEquals(401, call("GET", "/fhir/DiagnosticReport", null, null).status());

    String admin = HttpCalls.basic("admin", adminPassword);
    assertEquals(201, call("POST", "/api/users", admin,
        "{\"name\":\"auditor1\",\"password\":\"" + AUDITOR_PASSWORD + "\",\"roles\":[\"AUDITOR\"]}").status());
    assertEquals(201, call("POST", "/api/users", admin,
        "{\"name\":\"feed1\",\"password\":\"" + FEED_PASSWORD + "\",\"roles\":[\"feed\"]}").status());
    HttpCalls.Response taken = call("POST", "/api/users", admin,
        "{\"name\":\"auditor1\",\"password\":\"another-password-1\",\"roles\":[\"ADMIN\"]}");
    assertEquals(409, taken.status(), taken.body());
    HttpCalls.Response badRole = call("POST", "/api/users", admin,
        "{\"name\":\"x1\",\"password\":\"long-enough-password\",\"roles\":[\"ROOT\"]}");
    assertEquals(400, badRole.status());
    assertTrue(badRole.body().contains("unknown role 'ROOT'"), badRole.body());
    HttpCalls.Response shortPassword = call("POST", "/api/users", admin,
        "{\"name\":\"x2\",\"password\":\"short\",\"roles\":[\"AUDITOR\"]}");
    assertEquals(400, shortPassword.status());
    assertTrue(shortPassword.body().contains("at least 12 characters"), shortPassword.body());
    assertEquals(400, call("POST", "/api/users", admin,
        "{\"name\":\"bad name\",\"password\":\"long-enough-password\",\"roles\":[\"AUDITOR\"]}").status());
    HttpCalls.Response users = call("GET", "/api/users", admin, null);
    assertTrue(users.body().contains("\"auditor1\"") && !users.body().contains(AUDITOR_PASSWORD), users.body());
    assertFalse(users.body().contains("$2"), "no hashes in the API: " + users.body());

    String auditor = HttpCalls.basic("auditor1", AUDITOR_PASSWORD);
    assertEquals(200, call("GET", "/api/jobs", auditor, null).status());
    assertEquals(200, call("GET", "/api/audit/verify", auditor, null).status());
    assertEquals(403, call("POST", "/api/jobs/1/retry", auditor, null).status());
    assertEquals(403, call("POST", "/api/users", auditor,
        "{\"name\":\"x3\",\"password\":\"long-enough-password\",\"roles\":[\"ADMIN\"]}").status());
    assertEquals(404, call("POST", "/api/jobs/999999/retry", admin, null).status(), "admin passes, no such job");

    String feed = HttpCalls.basic("feed1", FEED_PASSWORD);
    assertEquals(403, call("GET", "/api/jobs", feed, null).status());
    HttpCalls.Response none = call("GET", "/fhir/DiagnosticReport", feed, null);
    assertEquals(200, none.status(), "feed passes");
    assertTrue(none.body().contains("\"total\":0"), "nothing there yet: " + none.body());
    assertEquals(404, call("GET", "/fhir/DiagnosticReport/no-such-report", feed, null).status());
    assertEquals(200, call("GET", "/fhir/metadata", auditor, null).status());
    assertEquals(403, call("POST", "/fhir/DiagnosticReport", feed, "{}").status());
    assertEquals(403, call("GET", "/fhir/Subscription", feed, null).status(), "Subscriptions are for ADMIN");
    assertEquals(403, call("GET", "/fhir/Subscription", auditor, null).status());
  }

  @Test
  @Order(3)
  void everyApiAccessIsAudited() {
    AuditTrail audit = app.getBean(AuditTrail.class);
    audit.flush();
    List<AuditEntry> access = audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(AuditAction.API_ACCESS), 10_000))
        .stream().map(AuditTrail.StoredEntry::entry).toList();
    assertAudited(access, "anonymous", "refused", "GET /api/jobs -> 401");
    assertAudited(access, "admin", "refused", "GET /api/jobs -> 401");
    assertAudited(access, "admin", "success", "GET /api/jobs -> 200");
    assertAudited(access, "admin", "success", "POST /api/users -> 201");
    assertAudited(access, "admin", "failure", "POST /api/users -> 400");
    assertAudited(access, "auditor1", "success", "GET /api/jobs -> 200");
    assertAudited(access, "auditor1", "refused", "POST /api/jobs/1/retry -> 403");
    assertAudited(access, "feed1", "refused", "GET /api/jobs -> 403");
    assertAudited(access, "feed1", "success", "GET /fhir/DiagnosticReport -> 200");
    assertAudited(access, "feed1", "failure", "GET /fhir/DiagnosticReport/no-such-report -> 404");
    assertAudited(access, "feed1", "refused", "GET /fhir/Subscription -> 403");
    assertTrue(access.stream().allMatch(e -> "127.0.0.1".equals(e.remoteAddress())), access.toString());
    assertTrue(audit.verify().intact());
  }

  @Test
  @Order(4)
  void restartPrintsNoPasswordAndAcceptsSignedTokens(CapturedOutput output) throws Exception {
    app.close();
    app = null;
    key = new RSAKeyGenerator(2048).keyID("test-key").generate();
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
    byte[] keySet = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext("/jwks.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Connection", "close");
      exchange.sendResponseHeaders(200, keySet.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(keySet);
      }
    });
    // the provider's discovery document, for the issuer-only configuration (last test)
    jwks.createContext("/realm/.well-known/openid-configuration", exchange -> {
      String issuer = issuer();
      byte[] document = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer.replace("/realm", "/jwks.json")
          + "\",\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("Connection", "close");
      exchange.sendResponseHeaders(200, document.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(document);
      }
    });
    jwks.start();
    app = start(
        "--neurojepa.security.oidc.jwk-set-uri=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
        "--neurojepa.security.oidc.roles-claim=realm_access.roles",
        "--neurojepa.security.oidc.username-claim=preferred_username");
    // this method's output holds the restart only: the first start's banner is not repeated
    assertTrue(output.getAll().contains("Tomcat started on port"), "the restart's output is captured");
    assertFalse(output.getAll().contains(BANNER), "the password is printed at the first start only");
    assertFalse(output.getAll().contains(adminPassword));
    assertEquals(200, call("GET", "/api/jobs", HttpCalls.basic("admin", adminPassword), null).status(),
        "local users still work");

    String adminToken = bearer(token(key, "alice", List.of("ADMIN"), Instant.now().plusSeconds(600)));
    String auditorToken = bearer(token(key, "bob", List.of("auditor", "unrelated-role"), Instant.now().plusSeconds(600)));
    assertEquals(404, call("POST", "/api/jobs/999999/retry", adminToken, null).status(), "admin passes, no such job");
    assertEquals(200, call("GET", "/api/jobs", auditorToken, null).status());
    assertEquals(403, call("POST", "/api/jobs/1/retry", auditorToken, null).status());
    assertEquals(403, call("GET", "/api/jobs", bearer(token(key, "carol", List.of(), Instant.now().plusSeconds(600))),
        null).status(), "a token without our roles reads nothing");
    assertEquals(401, call("GET", "/api/jobs",
        bearer(token(stranger, "mallory", List.of("ADMIN"), Instant.now().plusSeconds(600))), null).status(),
        "signed by a key the provider does not publish");
    assertEquals(401, call("GET", "/api/jobs",
        bearer(token(key, "alice", List.of("ADMIN"), Instant.now().minusSeconds(3600))), null).status(), "expired");
    assertEquals(401, call("GET", "/api/jobs", "Bearer not-a-token", null).status());

    AuditTrail audit = app.getBean(AuditTrail.class);
    audit.flush();
    List<AuditEntry> access = audit.find(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of(AuditAction.API_ACCESS), 10_000))
        .stream().map(AuditTrail.StoredEntry::entry).toList();
    assertAudited(access, "oidc:alice", "failure", "POST /api/jobs/999999/retry -> 404");
    assertAudited(access, "oidc:bob", "refused", "POST /api/jobs/1/retry -> 403");
    assertAudited(access, "anonymous", "refused", "GET /api/jobs -> 401");
  }

  @Test
  @Order(5)
  void anIssuerAloneIsFoundThroughItsDiscoveryDocumentAndChecked() throws Exception {
    app.close();
    app = null;
    app = start("--neurojepa.security.oidc.issuer-uri=" + issuer());
    Instant later = Instant.now().plusSeconds(600);
    assertEquals(200, call("GET", "/api/jobs", bearer(token(key, "dana", List.of("AUDITOR"), later, issuer())), null).status(),
        "the default claim 'roles' holds the roles");
    assertEquals(403, call("POST", "/api/jobs/1/retry", bearer(token(key, "dana", List.of("AUDITOR"), later, issuer())),
        null).status());
    assertEquals(401, call("GET", "/api/jobs", bearer(token(key, "dana", List.of("AUDITOR"), later, "http://elsewhere/realm")),
        null).status(), "a token from another issuer");
    assertEquals(401, call("GET", "/api/jobs", bearer(token(key, "dana", List.of("AUDITOR"), later)), null).status(),
        "a token without an issuer");
  }

  private static String issuer() {
    return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realm";
  }

  /** A token with the roles in a top-level {@code roles} claim and the given issuer. */
  private static String token(RSAKey key, String user, List<String> roles, Instant expires, String issuer)
      throws JOSEException {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("id-" + user)
        .claim("roles", roles)
        .issueTime(Date.from(expires.minusSeconds(900)))
        .expirationTime(Date.from(expires))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String token(RSAKey key, String user, List<String> roles, Instant expires) throws JOSEException {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject("id-" + user)
        .claim("preferred_username", user)
        .claim("realm_access", Map.of("roles", roles))
        .issueTime(Date.from(expires.minusSeconds(900)))
        .expirationTime(Date.from(expires))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static void assertAudited(List<AuditEntry> entries, String actor, String outcome, String detail) {
    assertTrue(entries.stream().anyMatch(e -> e.actor().equals(actor) && e.outcome().equals(outcome)
            && e.detail().equals(detail)),
        "no audit entry " + actor + " " + outcome + " '" + detail + "' in " + entries);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static HttpCalls.Response call(String method, String path, String authorization, String json)
      throws Exception {
    return HttpCalls.of(app).call(method, path, authorization, json);
  }
}
