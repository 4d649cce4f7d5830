package io.customerdata.gateway.access;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access requests and the personal grants they become.
 *
 * @param maxDuration the longest grant a request may ask for
 * @param suggestedDuration the duration the answers' prefilled request body proposes
 * @param pendingFor how long a request waits for a decision before it expires
 * @param approvals officers whose approval a personal grant takes: 1, or 2 for four eyes
 * @param sweepInterval how often pending requests are expired and expiring grants
 * announced
 * @param expiringNotice how long before its end a grant is announced as expiring soon (at
 * the latest half way through a shorter grant)
 * @param refusalsWindow how far back an officer sees the requester's refusals of the
 * requested fields
 * @param webhook where request events are announced; none without a URL
 */
@ConfigurationProperties("gateway.access-requests")
@Validated
public record AccessRequestProperties(@DefaultValue("30d") Duration maxDuration,
		@DefaultValue("7d") Duration suggestedDuration, @DefaultValue("7d") Duration pendingFor,
		@DefaultValue("1") @Min(1) @Max(2) int approvals, @DefaultValue("30s") Duration sweepInterval,
		@DefaultValue("1d") Duration expiringNotice, @DefaultValue("30d") Duration refusalsWindow,
		@DefaultValue Webhook webhook) {

	/**
	 * @param url the receiver (a Slack workflow, a mail relay); announcements are off
	 * without one
	 * @param secret reference ({@code env:NAME} or {@code file:/path}) to the key the
	 * body's HMAC-SHA256 signature is made with
	 * @param attempts deliveries tried before one is given up (logged and counted)
	 * @param firstBackoff the wait before the second attempt, doubled each time, with
	 * jitter
	 * @param maxBackoff the longest wait between attempts
	 * @param timeout how long one attempt may take
	 */
	public record Webhook(@Nullable URI url, @Nullable String secret, @DefaultValue("6") @Min(1) int attempts,
			@DefaultValue("1s") Duration firstBackoff, @DefaultValue("1m") Duration maxBackoff,
			@DefaultValue("5s") Duration timeout) {
	}

}
