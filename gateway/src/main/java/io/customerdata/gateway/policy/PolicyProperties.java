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
 * @param source where the version in force comes from: the database, where security
 * officers manage versions ({@code /admin/policies}), or the document itself, reloaded
 * when its file changes
 * @param document the policy document; by default the one in {@code policies/} built into
 * the jar. With the database as source, it is imported as the first version when the
 * database holds none
 * @param cacheSize decisions kept per policy version; a decision is cached on exactly its
 * input
 * @param reloadInterval with the file as source, how often it is checked for changes;
 * {@code 0} turns hot reload off
 * @param engine the engine whose decisions are enforced
 * @param shadow an engine also asked for every decision, whose disagreements are counted
 * and logged but never enforced; none by default
 * @param opa how Open Policy Agent is reached
 * @param bundle who may fetch the policy as an OPA bundle
 * @param hideExistence whether a customer the caller may not see because of who the
 * customer is (another region, restricted) is answered exactly as an unknown one (404),
 * rather than refused (403 with the reason)
 */
@ConfigurationProperties("gateway.policy")
@Validated
public record PolicyProperties(@DefaultValue("database") Source source,
		@DefaultValue("classpath:policy/data.json") @NotNull Resource document,
		@DefaultValue("10000") @Min(0) int cacheSize, @DefaultValue("2s") Duration reloadInterval,
		@DefaultValue("embedded") Engine engine, @Nullable Engine shadow, @DefaultValue @Valid Opa opa,
		@DefaultValue @Valid Bundle bundle, @DefaultValue("false") boolean hideExistence) {

	public enum Source {

		/** Versions in the database, changed through the officers' API. */
		DATABASE,
		/** The document alone, reloaded when its file changes. */
		FILE

	}

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

	/**
	 * @param token a reference ({@code env:NAME}, {@code file:/path}) to the bearer token
	 * OPA must present to fetch the bundle; none: the bundle is served to no one (401)
	 * @param tokenRequired whether a token must be configured for the gateway to start;
	 * the {@code k8s} profile says yes
	 */
	public record Bundle(@Nullable String token, @DefaultValue("false") boolean tokenRequired) {

		public Bundle {
			token = (token == null || token.isBlank()) ? null : token;
			if (token == null && tokenRequired) {
				throw new IllegalArgumentException("gateway.policy.bundle.token is required here "
						+ "(gateway.policy.bundle.token-required=true, as in the k8s profile): a reference, "
						+ "env:NAME or file:/path, to the token OPA fetches the bundle with");
			}
		}

	}

}
