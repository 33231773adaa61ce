package org.neurojepa.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.neurojepa.service.NeuroJepaApplication;
import org.neurojepa.service.testing.HttpCalls;
import org.neurojepa.service.testing.ServiceSettings;
import org.neurojepa.testkit.junit.FreePorts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What the admin API is without a study: every endpoint refuses callers without the role (401,
 * 403) and audits them; the OpenAPI description has every /api mapping with its roles; the
 * configuration shows effective values and hides its secrets; and the audit chain names entries
 * edited, renamed or removed in SQL with the append-only triggers switched off. The running
 * service with its embedded PostgreSQL, no pipeline workers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiAccessTest {
  private static final String ADMIN_PASSWORD = "access-test-admin-password";
  private static final String AUDITOR_PASSWORD = "access-test-auditor-password";
  private static final String FEED_PASSWORD = "access-test-feed-password";
  private static final String FHIR_TOKEN = "fhir-token-never-shown-4242";
  private static final String DATABASE_PASSWORD = "db-password-never-shown-7373";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  private static ConfigurableApplicationContext app;
  private static HttpCalls http;
  private static String fhirBaseUrl;

  @BeforeAll
  static void start() throws Exception {
    fhirBaseUrl = "http://127.0.0.1:" + FreePorts.loopback() + "/fhir";
    app = new SpringApplicationBuilder(NeuroJepaApplication.class).run(ServiceSettings.pipeline(dataDir, ADMIN_PASSWORD)
        .with("server.port", 0)
        .with("neurojepa.dicom.quiet-period", "1500ms")
        .with("neurojepa.pipeline.workers", 0)
        .with("neurojepa.pipeline.max-attempts", 2)
        .with("neurojepa.fhir.base-url", fhirBaseUrl)
        .with("neurojepa.fhir.bearer-token", FHIR_TOKEN)
        // not used with the embedded database; here to be hidden by /api/config
        .with("neurojepa.database.password", DATABASE_PASSWORD)
        .arguments());
    http = HttpCalls.of(app);
    assertEquals(201, http.call("POST", "/api/users", admin(),
        "{\"name\":\"auditor1\",\"password\":\"" + AUDITOR_PASSWORD + "\",\"roles\":[\"AUDITOR\"]}").status());
    assertEquals(201, http.call("POST", "/api/users", admin(),
        "{\"name\":\"feed1\",\"password\":\"" + FEED_PASSWORD + "\",\"roles\":[\"FEED\"]}").status());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @Order(1)
  void everyEndpointRefusesCallersWithoutTheRoleAndIsAudited() throws Exception {
    // the refusals come before any controller, so the UIDs and ids need not exist
    List<String> reads = List.of("/api/studies", "/api/studies/1.2.3", "/api/series/1.2.3.4/artefacts",
        "/api/series/1.2.3.4/artefacts/1/registered.nii.gz", "/api/series/1.2.3.4/results",
        "/api/studies/1.2.3/report", "/api/studies/1.2.3/reports", "/api/jobs", "/api/jobs/1", "/api/deliveries",
        "/api/audit", "/api/audit/export", "/api/audit/verify", "/api/config", "/api/openapi.json", "/api/users",
        "/api/models", "/api/models/no-such-version", "/api/models/serving", "/api/replicas");
    Set<String> absent = Set.of("/api/studies/1.2.3", "/api/series/1.2.3.4/artefacts/1/registered.nii.gz",
        "/api/studies/1.2.3/report", "/api/jobs/1", "/api/models/no-such-version");
    for (String path : reads) {
      assertEquals(401, http.get(path, null).status(), "anonymous " + path);
      assertEquals(401, http.get(path, HttpCalls.basic("auditor1", "not-the-password")).status(), path);
      assertEquals(403, http.get(path, feed()).status(), "FEED " + path);
      assertEquals(absent.contains(path) ? 404 : 200, http.get(path, auditor()).status(), "an auditor passes: " + path);
    }
    assertEquals(401, http.call("POST", "/api/jobs/1/retry", null, null).status());
    assertEquals(403, http.call("POST", "/api/jobs/1/retry", feed(), null).status());
    assertEquals(403, http.call("POST", "/api/jobs/1/retry", auditor(), null).status());
    assertEquals(404, http.call("POST", "/api/jobs/1/retry", admin(), null).status(), "admin passes, no job 1");
    assertEquals(403, http.call("POST", "/api/models/rollback", auditor(), null).status());
    assertEquals(403, http.call("POST", "/api/models/x/promote", feed(), null).status());
    assertEquals(409, http.call("POST", "/api/models/rollback", admin(), null).status(), "admin passes, nothing active");

    Set<String> audited = new HashSet<>();
    JSON.readTree(http.get("/api/audit?action=API_ACCESS&actor=feed1", admin()).body())
        .forEach(e -> audited.add(e.get("entry").get("outcome").asText() + " " + e.get("entry").get("detail").asText()));
    for (String path : reads) {
      assertTrue(audited.contains("refused GET " + path + " -> 403"), "audited: GET " + path + " in " + audited);
    }
    assertTrue(audited.contains("refused POST /api/jobs/1/retry -> 403"), audited.toString());
  }

  @Test
  @Order(2)
  void theOpenApiDescriptionHasEveryApiEndpointWithItsRoles() throws Exception {
    HttpCalls.Response response = http.get("/api/openapi.json", auditor());
    assertEquals(200, response.status());
    JsonNode description = JSON.readTree(response.body());
    assertEquals("NeuroJEPA-PACS admin API", description.path("info").path("title").asText());
    assertEquals("basic", description.path("components").path("securitySchemes").path("basic").path("scheme").asText());
    JsonNode paths = description.get("paths");
    int checked = 0;
    RequestMappingHandlerMapping mappings = app.getBean("requestMappingHandlerMapping",
        RequestMappingHandlerMapping.class);
    for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mappings.getHandlerMethods().entrySet()) {
      if (m.getValue().getBeanType().getPackageName().startsWith("org.springdoc")) {
        continue; // the description itself
      }
      for (String pattern : m.getKey().getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        assertFalse(m.getKey().getMethodsCondition().getMethods().isEmpty(), pattern + " names its methods");
        for (var method : m.getKey().getMethodsCondition().getMethods()) {
          String what = method + " " + pattern;
          JsonNode op = paths.path(pattern).path(method.name().toLowerCase(Locale.ROOT));
          assertFalse(op.isMissingNode(), what + " is described");
          assertFalse(op.path("summary").asText().isBlank(), what + " has a summary");
          List<String> roles = new ArrayList<>();
          op.path("x-roles").forEach(r -> roles.add(r.asText()));
          assertEquals(method.name().equals("GET") ? List.of("AUDITOR", "ADMIN") : List.of("ADMIN"), roles, what);
          assertTrue(op.path("description").asText().endsWith("Roles: " + String.join(", ", roles) + "."), what);
          assertTrue(op.path("responses").has("401") && op.path("responses").has("403"), what);
          checked++;
        }
      }
    }
    assertEquals(24, checked, "every /api endpoint, each checked once");
    paths.fieldNames().forEachRemaining(path -> assertTrue(path.startsWith("/api/"), "only /api: " + path));
  }

  @Test
  @Order(3)
  void theConfigurationShowsEffectiveValuesAndHidesSecrets() throws Exception {
    HttpCalls.Response response = http.get("/api/config", auditor());
    assertEquals(200, response.status());
    JsonNode config = JSON.readTree(response.body());
    assertEquals("1500ms", config.get("neurojepa.dicom.quiet-period").asText());
    assertEquals("NEUROJEPA", config.get("neurojepa.dicom.ae-title").asText());
    assertEquals(dataDir.toString(), config.get("neurojepa.dicom.data-dir").asText());
    assertEquals(0, config.get("neurojepa.pipeline.workers").asInt());
    assertEquals(2, config.get("neurojepa.pipeline.max-attempts").asInt());
    assertEquals("tiny", config.get("neurojepa.model.variant").asText());
    assertEquals(20, config.get("neurojepa.feed.default-page-size").asInt(), "defaults are effective values too");
    assertEquals("10m", config.get("neurojepa.pipeline.lease").asText());
    assertEquals("5s", config.get("neurojepa.pipeline.initial-backoff").asText());
    assertTrue(config.get("neurojepa.preprocessing.bias-correction").asBoolean());
    assertEquals(fhirBaseUrl, config.get("neurojepa.fhir.base-url").asText());
    assertEquals("roles", config.get("neurojepa.security.oidc.roles-claim").asText());
    assertEquals("", config.get("neurojepa.security.oidc.issuer-uri").asText());
    assertEquals(app.getEnvironment().getProperty("local.server.port"), config.get("neurojepa.http.port").asText());
    assertEquals("127.0.0.1", config.get("neurojepa.http.bind").asText());
    assertEquals("******", config.get("neurojepa.fhir.bearer-token").asText());
    assertEquals("******", config.get("neurojepa.database.password").asText());
    assertEquals("******", config.get("neurojepa.security.admin-password").asText());
    for (String secret : List.of(FHIR_TOKEN, DATABASE_PASSWORD, ADMIN_PASSWORD)) {
      assertFalse(response.body().contains(secret), "never shown: " + secret);
    }
    config.fieldNames().forEachRemaining(key -> assertTrue(key.startsWith("neurojepa."), key));
    assertEquals(200, http.get("/api/config", admin()).status());
  }

  /** Last: it breaks the chain for good. */
  @Test
  @Order(4)
  void verifyFindsEntriesChangedOrRemovedBehindTheTrailsBack() throws Exception {
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    assertThrows(DataAccessException.class, () -> jdbc.update("DELETE FROM audit_event"), "append-only");
    JsonNode intact = JSON.readTree(http.get("/api/audit/verify", auditor()).body());
    assertTrue(intact.get("intact").asBoolean(), intact.toString());
    assertTrue(intact.get("entries").asLong() > 50, intact.toString());
    assertEquals(64, intact.get("headHash").asText().length());

    List<Long> ids = new ArrayList<>();
    JSON.readTree(http.get("/api/audit?action=API_ACCESS&actor=feed1", auditor()).body())
        .forEach(e -> ids.add(e.get("id").asLong()));
    long changed = ids.get(3);
    String detail = jdbc.queryForObject("SELECT detail FROM audit_event WHERE id = ?", String.class, changed);
    behindTheTrailsBack(jdbc, () -> jdbc.update("UPDATE audit_event SET detail = 'GET /api/studies -> 200'"
        + " WHERE id = ?", changed));
    JsonNode broken = JSON.readTree(http.get("/api/audit/verify", auditor()).body());
    assertFalse(broken.get("intact").asBoolean(), broken.toString());
    assertEquals(changed, broken.get("firstBrokenId").asLong());
    assertEquals("entry " + changed + " was changed after it was written", broken.get("reason").asText());
    assertEquals(jdbc.queryForObject("SELECT max(id) FROM audit_event WHERE id < ?", Long.class, changed),
        broken.get("headId").asLong(), "the head is the last entry that verified");

    // the same text again: the chain holds (the check is on content, not on the edit)
    behindTheTrailsBack(jdbc, () -> jdbc.update("UPDATE audit_event SET detail = ? WHERE id = ?", detail, changed));
    assertTrue(JSON.readTree(http.get("/api/audit/verify", auditor()).body()).get("intact").asBoolean());

    long renamed = ids.get(4);
    behindTheTrailsBack(jdbc, () -> jdbc.update("UPDATE audit_event SET action = 'NOTHING' WHERE id = ?", renamed));
    JsonNode unknown = JSON.readTree(http.get("/api/audit/verify", auditor()).body());
    assertEquals(renamed, unknown.get("firstBrokenId").asLong(), unknown.toString());
    assertTrue(unknown.get("reason").asText().contains("unknown action"), unknown.toString());
    // the trail stays readable, the renamed entry visible with what is stored
    HttpCalls.Response listed = http.get("/api/audit?after=" + (renamed - 1) + "&limit=1", auditor());
    assertEquals(200, listed.status(), listed.body());
    JsonNode shown = JSON.readTree(listed.body()).get(0).get("entry");
    assertEquals("UNRECOGNISED", shown.get("action").asText(), shown.toString());
    assertTrue(shown.get("detail").asText().startsWith("[stored action: NOTHING] "), shown.toString());
    assertEquals(200, http.get("/api/audit/export?after=" + (renamed - 1) + "&limit=1", auditor()).status());
    behindTheTrailsBack(jdbc, () -> jdbc.update("UPDATE audit_event SET action = 'API_ACCESS' WHERE id = ?", renamed));
    assertTrue(JSON.readTree(http.get("/api/audit/verify", auditor()).body()).get("intact").asBoolean());

    long removed = ids.get(5);
    behindTheTrailsBack(jdbc, () -> jdbc.update("DELETE FROM audit_event WHERE id = ?", removed));
    JsonNode gap = JSON.readTree(http.get("/api/audit/verify", auditor()).body());
    assertFalse(gap.get("intact").asBoolean());
    long after = jdbc.queryForObject("SELECT min(id) FROM audit_event WHERE id > ?", Long.class, removed);
    assertEquals(after, gap.get("firstBrokenId").asLong(), gap.toString());
    assertEquals("entry " + after + " does not follow the previous entry (an entry before it was removed or changed)",
        gap.get("reason").asText());
  }

  /** A database administrator can switch the append-only triggers off; the chain still tells. */
  private static void behindTheTrailsBack(JdbcTemplate jdbc, Runnable edit) {
    jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update");
    try {
      edit.run();
    } finally {
      jdbc.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
    }
  }

  private static String admin() {
    return HttpCalls.basic("admin", ADMIN_PASSWORD);
  }

  private static String auditor() {
    return HttpCalls.basic("auditor1", AUDITOR_PASSWORD);
  }

  private static String feed() {
    return HttpCalls.basic("feed1", FEED_PASSWORD);
  }
}
