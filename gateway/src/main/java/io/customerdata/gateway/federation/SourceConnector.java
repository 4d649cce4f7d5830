package io.customerdata.gateway.federation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Looks customers up in one departmental application, as its configuration says, and
 * returns their records in canonical form. Every call goes through the source's own
 * bulkhead, circuit breaker, time limiter and (lookups being idempotent) one retry with
 * jitter inside the time budget, so a slow or failing source costs its timeout at most
 * and, once its breaker opens, nothing.
 */
final class SourceConnector {

	private static final Logger log = LoggerFactory.getLogger(SourceConnector.class);

	private final String id;

	private final FederationProperties.Source source;

	private final WebClient client;

	private final CanonicalMapping mapping;

	private final FieldExpression recordId;

	private final CircuitBreaker circuitBreaker;

	private final Bulkhead bulkhead;

	private final TimeLimiter timeLimiter;

	private final Retry retry;

	private final ObservationRegistry observations;

	SourceConnector(String id, FederationProperties.Source source, WebClient.Builder clients,
			CircuitBreakerRegistry breakers, ObservationRegistry observations) {
		this.id = id;
		this.observations = observations;
		this.source = source;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) source.connectTimeout().toMillis());
		this.client = clients.clone()
			.baseUrl(source.baseUrl().toString())
			.clientConnector(new ReactorClientHttpConnector(http))
			.defaultHeader("Accept", MediaType.APPLICATION_JSON_VALUE)
			.build();
		this.mapping = CanonicalMapping.of(source.mapping());
		this.recordId = FieldExpression.parse(source.recordId());
		FederationProperties.Resilience r = source.resilience();
		this.circuitBreaker = breakers.circuitBreaker(id,
				CircuitBreakerConfig.custom()
					.failureRateThreshold(r.failureRateThreshold())
					.slidingWindowSize(r.slidingWindowSize())
					.minimumNumberOfCalls(r.minimumNumberOfCalls())
					.waitDurationInOpenState(r.waitInOpenState())
					.build());
		this.bulkhead = Bulkhead.of(id,
				BulkheadConfig.custom()
					.maxConcurrentCalls(r.maxConcurrentCalls())
					.maxWaitDuration(Duration.ZERO)
					.build());
		this.timeLimiter = TimeLimiter.of(id,
				TimeLimiterConfig.custom().timeoutDuration(source.responseTimeout()).build());
		this.retry = Retry.of(id,
				RetryConfig.custom()
					.maxAttempts(2)
					.intervalFunction(IntervalFunction.ofRandomized(r.retryBackoff(), 0.5))
					.retryOnException((ex) -> !(ex instanceof UpstreamRejected))
					.build());
	}

	String id() {
		return this.id;
	}

	boolean supports(String key) {
		return this.source.lookups().containsKey(key);
	}

	/**
	 * Records matching {@code key} ({@code id}, {@code email}, {@code phone}) = value.
	 */
	Mono<SourceResult> lookup(String key, String value, String matchedBy) {
		return lookup(key, value, matchedBy, this.source.lookups().get(key).withIncludes());
	}

	/**
	 * @param withIncludes whether each record also fetches the source's includes,
	 * whatever the lookup's configuration says
	 */
	Mono<SourceResult> lookup(String key, String value, String matchedBy, boolean withIncludes) {
		FederationProperties.Lookup lookup = this.source.lookups().get(key);
		Mono<List<SourceRecord>> call = fetch(lookup, "{value}", value)
			.flatMap((records) -> withIncludes ? Flux.fromIterable(records).concatMap(this::withIncludes).collectList()
					: Mono.just(records))
			.map((records) -> records.stream()
				.map((record) -> toSourceRecord(record, matchedBy))
				.filter((record) -> !record.id().isBlank())
				.toList());
		return Mono.deferContextual((context) -> {
			long start = System.nanoTime();
			// One observation per lookup: the span over its HTTP calls (retry and
			// includes too), and the gateway.source.requests timer, by outcome.
			Observation observation = Observation.createNotStarted("gateway.source.requests", this.observations)
				.contextualName("source " + this.id + " " + key)
				.lowCardinalityKeyValue("source", this.id)
				.lowCardinalityKeyValue("lookup", key)
				// until the outcome is known: a lookup abandoned by its caller has none
				.lowCardinalityKeyValue("outcome", "cancelled")
				.parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
				.start();
			return call.transformDeferred(RetryOperator.of(this.retry))
				.transformDeferred(TimeLimiterOperator.of(this.timeLimiter))
				.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
				.transformDeferred(BulkheadOperator.of(this.bulkhead))
				.map((records) -> new SourceResult(this.id, SourceResult.OK, millisSince(start), records))
				.onErrorResume((ex) -> {
					// The class says enough; a message could carry a lookup key.
					log.warn("Source {} {} lookup failed: {}", this.id, key, ex.getClass().getSimpleName());
					return Mono.just(new SourceResult(this.id, status(ex), millisSince(start), List.of()));
				})
				.doOnNext((result) -> observation.lowCardinalityKeyValue("outcome", result.status()))
				.doFinally((signal) -> observation.stop())
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private Mono<List<JsonNode>> fetch(FederationProperties.Lookup lookup, String placeholder, String value) {
		// The value is a URI variable: WebClient encodes it once, strictly ('+' and '@'
		// included).
		return this.client.get()
			.uri(lookup.path().replace(placeholder, "{value}"), Map.of("value", value))
			.exchangeToMono((response) -> records(response, lookup));
	}

	private Mono<List<JsonNode>> records(ClientResponse response, FederationProperties.Lookup lookup) {
		if (response.statusCode().value() == HttpStatus.NOT_FOUND.value() && lookup.records() == null) {
			return response.releaseBody().thenReturn(List.of());
		}
		if (response.statusCode().is4xxClientError()) {
			return response.releaseBody().then(Mono.error(new UpstreamRejected(response.statusCode().value())));
		}
		if (!response.statusCode().is2xxSuccessful()) {
			return response.releaseBody().then(Mono.error(new UpstreamFailed(response.statusCode().value())));
		}
		return response.bodyToMono(JsonNode.class).map((body) -> {
			JsonNode records = (lookup.records() != null) ? new FieldExpression.Path(lookup.records()).read(body)
					: body;
			List<JsonNode> list = new ArrayList<>();
			if (records.isArray()) {
				records.forEach(list::add);
			}
			else if (records.isObject()) {
				list.add(records);
			}
			return list;
		});
	}

	/** Records without an id cannot be linked or explained, so they are not records. */
	private Mono<JsonNode> withIncludes(JsonNode record) {
		if (this.source.includes().isEmpty()) {
			return Mono.just(record);
		}
		String recordKey = this.recordId.read(record).asString("");
		return Flux.fromIterable(this.source.includes().entrySet())
			.concatMap((include) -> fetch(include.getValue(), "{id}", recordKey)
				.map((values) -> Map.entry(include.getKey(), values)))
			.reduce((ObjectNode) record.deepCopy(), (merged, include) -> {
				merged.putArray(include.getKey()).addAll(include.getValue());
				return merged;
			})
			.cast(JsonNode.class);
	}

	private SourceRecord toSourceRecord(JsonNode record, String matchedBy) {
		return new SourceRecord(this.id, this.recordId.read(record).asString(""), this.mapping.toCanonical(record),
				matchedBy);
	}

	private static String status(Throwable ex) {
		if (ex instanceof CallNotPermittedException) {
			return "circuit-open";
		}
		if (ex instanceof TimeoutException) {
			return "timeout";
		}
		return "error";
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	/** A 4xx: the request is wrong, asking again will not help. */
	static final class UpstreamRejected extends RuntimeException {

		UpstreamRejected(int status) {
			super("source answered " + status, null, false, false);
		}

	}

	/** A 5xx or another unusable answer: worth one retry. */
	static final class UpstreamFailed extends RuntimeException {

		UpstreamFailed(int status) {
			super("source answered " + status, null, false, false);
		}

	}

}
