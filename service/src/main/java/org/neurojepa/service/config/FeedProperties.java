package org.neurojepa.service.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The FHIR result feed at {@code /fhir}. Prefix {@code neurojepa.feed}.
 *
 * @param defaultPageSize search results per page when the request has no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured; larger ones get pages of this size
 * @param notificationConnectTimeout connecting to a subscriber's endpoint
 * @param notificationReadTimeout waiting for a subscriber's answer; longer counts as a failed attempt
 */
@Validated
@ConfigurationProperties("neurojepa.feed")
public record FeedProperties(
    @Min(1) @Max(1000) @DefaultValue("20") int defaultPageSize,
    @Min(1) @Max(1000) @DefaultValue("100") int maxPageSize,
    @NotNull @DefaultValue("10s") Duration notificationConnectTimeout,
    @NotNull @DefaultValue("30s") Duration notificationReadTimeout) {

  public FeedProperties {
    if (defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException("neurojepa.feed.default-page-size (" + defaultPageSize
          + ") is larger than neurojepa.feed.max-page-size (" + maxPageSize + ")");
    }
  }
}
