package io.customerdata.gateway.policy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Decisions from Open Policy Agent, through its REST Data API
 * ({@code POST /v1/data/customer_gateway/decision}), without blocking: bounded by a
 * timeout, behind a circuit breaker, cached like the embedded evaluator's decisions.
 * Failing closed: OPA down, slow, answering an error, something that is not a decision or
 * no result at all (an undefined decision) is a deny with reason
 * {@code evaluation-error}, which callers answer with 503 and no data.
 */
public final class OpaPolicyDecisionPoint implements PolicyDecisionPoint {

	/** Hits and misses over every version's cache, for the cache's hit ratio. */
	private final StatsCounter stats = new ConcurrentStatsCounter();

	static final String DECISION_PATH = "/v1/data/customer_gateway/decision";

	private static final Logger log = LoggerFactory.getLogger(OpaPolicyDecisionPoint.class);

	private final WebClient client;

	private final PolicyProperties.Opa properties;

	private final PolicyStore store;

	private final JsonMapper json;

	private final CircuitBreaker breaker;

	private final Clock clock;

	/**
	 * Keyed as the embedded evaluator's, and on the version in force, so a new version
	 * starts afresh.
	 */
	private final Cache<Key, Decision> decisions;

	private record Key(DecisionKey input, String version) {
	}

	public OpaPolicyDecisionPoint(WebClient.Builder clients, PolicyProperties.Opa properties, PolicyStore store,
			JsonMapper json, int cacheSize, Clock clock) {
		this.clock = clock;
		this.client = clients.clone().baseUrl(properties.url().toString()).build();
		this.properties = properties;
		this.store = store;
		this.json = json;
		this.breaker = CircuitBreaker.of("opa",
				CircuitBreakerConfig.custom()
					.failureRateThreshold(properties.failureRateThreshold())
					.slidingWindowSize(properties.slidingWindowSize())
					.minimumNumberOfCalls(properties.minimumNumberOfCalls())
					.waitDurationInOpenState(properties.waitInOpenState())
					.build());
		this.decisions = Caffeine.newBuilder().maximumSize(cacheSize).recordStats(() -> this.stats).build();
	}

	@Override
	public Mono<Decision> decide(PolicyInput input) {
		PolicyStore.Published published = this.store.current();
		String version = published.version();
		Instant now = (input.now() != null) ? input.now() : this.clock.instant();
		Key key = new Key(DecisionKey.of(input, published.grants().inForce(input, () -> now)), version);
		Decision cached = this.decisions.getIfPresent(key);
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.client.post()
			.uri(DECISION_PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("input", sent(input, key.input(), now)))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.properties.timeout())
			.map(this::decision)
			.transformDeferred(CircuitBreakerOperator.of(this.breaker))
			.doOnNext((decision) -> {
				// A sidecar still on the previous version is not cached under this one;
				// nor is a decision resting on personal grants, which the sidecar may
				// not have polled yet: it would stay cached after they reached it.
				if (decision.policyVersion().equals(version) && !key.input().personal()) {
					this.decisions.put(key, decision);
				}
			})
			.onErrorResume((ex) -> {
				// The class says enough; a message could carry the input.
				log.warn("OPA gave no decision ({}); denying", ex.getClass().getSimpleName());
				return Mono.just(Decision.deny(Decision.Reason.EVALUATION_ERROR, version, input.purpose()));
			});
	}

	/**
	 * The input as OPA gets it. Without personal grants in force here, without what only
	 * they read: a sidecar whose bundle still holds a grant revoked here cannot apply it
	 * to a decision cached for everyone with the same attributes.
	 */
	private static PolicyInput sent(PolicyInput input, DecisionKey key, Instant now) {
		return (key.personal() ? input : key.roleWide()).at(now);
	}

	/** OPA's answer as a decision, or a {@link MalformedDecision}. */
	Decision decision(JsonNode answer) {
		JsonNode result = answer.path("result");
		if (!result.isObject()) {
			throw new MalformedDecision("no result: the decision is undefined");
		}
		Decision decision;
		try {
			decision = this.json.treeToValue(result, Decision.class);
		}
		catch (RuntimeException ex) {
			throw new MalformedDecision("not a decision: " + ex.getClass().getSimpleName());
		}
		if (decision.reason() == null || decision.policyVersion() == null || decision.sources() == null
				|| (decision.allow() && decision.purpose() == null)) {
			throw new MalformedDecision("a decision without reason, version, sources or purpose");
		}
		return decision;
	}

	CircuitBreaker.State breakerState() {
		return this.breaker.getState();
	}

	/** An answer from OPA that is not a decision the gateway can enforce. */
	static final class MalformedDecision extends RuntimeException {

		MalformedDecision(String message) {
			super(message);
		}

	}

	/** Decision cache hits and misses since start-up, across policy versions. */
	public CacheStats cacheStats() {
		return this.stats.snapshot();
	}

}
