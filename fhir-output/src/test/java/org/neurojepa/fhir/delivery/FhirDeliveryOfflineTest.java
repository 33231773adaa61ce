package org.neurojepa.fhir.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurojepa.fhir.report.ReportComposer;
import org.neurojepa.fhir.report.ReportResources;
import org.neurojepa.fhir.report.SequenceType;
import org.neurojepa.fhir.report.Studies;
import org.neurojepa.testkit.junit.FreePorts;

/** Delivery settings and what happens when no server ever answers. */
class FhirDeliveryOfflineTest {

  @Test
  void noServerAtAllEndsAsAnExhaustedDeadLetterAfterMaxAttempts() {
    int port = FreePorts.loopback();
    ReportResources r = ReportComposer.compose(Studies.study(200, List.of(SequenceType.T1W), false, true,
        Studies.untrained()).build());
    List<Duration> waits = new ArrayList<>();
    try (FhirDelivery d = FhirDelivery.builder("http://127.0.0.1:" + port + "/fhir/")
        .backoff(Duration.ofMillis(10), Duration.ofMillis(25)).maxAttempts(4)
        .listener((id, attempt, reason, backoff) -> waits.add(backoff)).build()) {
      assertEquals("http://127.0.0.1:" + port + "/fhir", d.baseUrl());
      DeadLetter dead = assertInstanceOf(DeadLetter.class, d.deliver(r));
      assertEquals(DeadLetter.Cause.EXHAUSTED, dead.cause());
      assertEquals(4, dead.attempts());
      assertTrue(dead.retryable());
      assertTrue(dead.reason().startsWith("gave up after 4 attempts; last failure: cannot reach"), dead.reason());
      assertTrue(dead.bundleJson().contains("\"resourceType\":\"Bundle\""));
    }
    assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25)), waits,
        "doubling back-off, capped");
  }

  @Test
  void anInterruptedDeliveryIsARetryableDeadLetter() {
    int port = FreePorts.loopback();
    ReportResources r = ReportComposer.compose(Studies.study(201, List.of(SequenceType.T1W), false, true,
        Studies.untrained()).build());
    try (FhirDelivery d = FhirDelivery.builder("http://127.0.0.1:" + port + "/fhir")
        .backoff(Duration.ofSeconds(30), Duration.ofSeconds(30)).maxAttempts(3)
        .listener((id, attempt, reason, backoff) -> Thread.currentThread().interrupt()).build()) {
      DeadLetter dead = assertInstanceOf(DeadLetter.class, d.deliver(r));
      assertEquals(DeadLetter.Cause.INTERRUPTED, dead.cause());
      assertTrue(dead.retryable());
      assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }
  }

  @Test
  void badSettingsAreRefusedWithTheReason() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("ftp://x/fhir"))
        .getMessage().contains("http(s)://"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("fhir.example.org"))
        .getMessage().contains("http(s)://"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("https://h/fhir?x=1"))
        .getMessage().contains("query"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("https://h/fhir")
        .bearerToken("two words")).getMessage().contains("bearer token"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("https://h/fhir")
        .basicAuth("a:b", "p")).getMessage().contains("':'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("https://h/fhir")
        .maxAttempts(0)).getMessage().contains("at least 1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("https://h/fhir")
        .backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).getMessage().contains("below the initial"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> FhirDelivery.builder("https://h/fhir")
        .readTimeout(Duration.ZERO)).getMessage().contains("positive"));
  }

  @Test
  void onlyPassingConditionsAreRetried() {
    for (int s : new int[] {400, 401, 403, 404, 412, 422}) {
      assertTrue(!FhirDelivery.retryable(s), "status " + s);
    }
    for (int s : new int[] {408, 409, 429, 500, 502, 503, 504}) {
      assertTrue(FhirDelivery.retryable(s), "status " + s);
    }
  }
}
