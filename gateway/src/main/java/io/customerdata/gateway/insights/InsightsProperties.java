package io.customerdata.gateway.insights;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Insights.
 *
 * @param refreshInterval how often the audit trail's recent days are rolled up again: the
 * insights lag the trail by at most this
 * @param unusedAfter a field a grant opens that nobody was shown for this long is unused
 * @param window the period the gauges cover, and the page's default
 * @param personalGrantEvents how many of a grantee's latest events are read to find the
 * fields a personal grant opened that they were shown
 */
@ConfigurationProperties("gateway.insights")
@Validated
public record InsightsProperties(@DefaultValue("1m") Duration refreshInterval,
		@DefaultValue("90d") Duration unusedAfter, @DefaultValue("7d") Duration window,
		@DefaultValue("5000") @Min(1) @Max(100_000) int personalGrantEvents) {
}
