package io.customerdata.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits on {@code /api/**}, per subject and per client (the application that got
 * the token): a request needs a token from both buckets.
 *
 * @param enabled whether requests are limited at all
 * @param store {@code memory} (each replica counts alone) or {@code redis} (replicas
 * share the buckets, through {@code spring.data.redis.*})
 * @param subject the bucket of each subject
 * @param client the bucket of each client
 */
@ConfigurationProperties("gateway.rate-limit")
@Validated
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("memory") Store store,
		@NotNull @Valid Limit subject, @NotNull @Valid Limit client) {

	public enum Store {

		MEMORY, REDIS

	}

	/**
	 * A token bucket.
	 *
	 * @param replenishRate tokens added per second: the sustained requests per second
	 * @param burstCapacity tokens the bucket holds: the largest burst
	 */
	public record Limit(@Min(1) int replenishRate, @Min(1) int burstCapacity) {
	}

}
