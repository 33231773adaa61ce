package org.neurojepa.service.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.neurojepa.service.report.Deliveries;
import org.neurojepa.service.report.Delivery;
import org.neurojepa.service.report.DeliveryFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deliveries of reports to the FHIR server: one row per run of a deliver job. A dead delivery is
 * a dead job ({@code GET /api/jobs?stage=deliver&state=dead}); {@code POST /api/jobs/{id}/retry}
 * sends it again.
 */
@RestController
@RequestMapping("/api/deliveries")
@Tag(name = "Deliveries")
public final class DeliveriesController {
  private final Deliveries deliveries;

  public DeliveriesController(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  @GetMapping
  @Operation(summary = "Deliveries of reports to the FHIR server, newest first",
      description = "Each run of a deliver job: report, target, HTTP attempts, outcome (delivered, refused,"
          + " exhausted, invalid, interrupted), the job's state now, and what the server said (for a refusal, its"
          + " OperationOutcome text). Page on with before=<id of the last row>.")
  public List<Delivery> list(
      @Parameter(description = "a Study Instance UID") @RequestParam Optional<String> study,
      @Parameter(description = "a stored report's id") @RequestParam Optional<Long> report,
      @Parameter(description = "delivered, refused, exhausted, invalid or interrupted")
          @RequestParam Optional<String> outcome,
      @Parameter(description = "rows before this id") @RequestParam Optional<Long> before,
      @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
    try {
      return deliveries.list(new DeliveryFilter(study, report, outcome, before, limit));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(e.getMessage());
    }
  }
}
