package io.customerdata.gateway.policy;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * The policy the gateway enforces, and the engine that evaluates it.
 *
 * @param document the policy document; by default the one in {@code policies/} built into
 * the jar
 * @param cacheSize decisions kept per policy version; a decision is cached on exactly its
 * input
 * @param reloadInterval how often a document on the file system is checked for changes;
 * {@code 0} turns hot reload off
 * @param engine the engine whose decisions are enforced
 * @param shadow an engine also asked for every decision, whose disagreements are counted
 * and logged but never enforced; none by default
 * @param opa how Open Policy Agent is reached
 */
@ConfigurationProperties("gateway.policy")
@Validated
public record PolicyProperties(@DefaultValue("classpath:policy/data.json") @NotNull Resource document,
		@DefaultValue("10000") @Min(0) int cacheSize, @DefaultValue("2s") Duration reloadInterval,
		@DefaultValue("embedded") Engine engine, @Nullable Engine shadow, @DefaultValue @Valid Opa opa) {

	public enum Engine {

		/** The evaluator in the gateway's JVM. */
		EMBEDDED,
		/** Open Policy Agent, through its REST Data API. */
		OPA

	}

	/**
	 * @param url OPA's base URL (a sidecar on loopback, or a shared service)
	 * @param timeout bound on one decision; beyond it the request is denied (503)
	 * @param failureRateThreshold circuit breaker: failure percentage that opens it
	 * @param slidingWindowSize circuit breaker: calls it judges by
	 * @param minimumNumberOfCalls circuit breaker: calls before it judges at all
	 * @param waitInOpenState circuit breaker: time before OPA is tried again
	 */
	public record Opa(@DefaultValue("http://127.0.0.1:8181") URI url, @DefaultValue("250ms") Duration timeout,
			@DefaultValue("50") float failureRateThreshold, @DefaultValue("20") int slidingWindowSize,
			@DefaultValue("10") int minimumNumberOfCalls, @DefaultValue("10s") Duration waitInOpenState) {
	}

}
