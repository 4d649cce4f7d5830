package io.customerdata.gateway.sources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.customerdata.gateway.sources.connector.RequestTemplate;
import io.customerdata.gateway.sources.connector.SourceClient;
import io.customerdata.gateway.sources.connector.SourceErrors;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Looks customers up in one departmental application, as its configuration says, and
 * returns their records in canonical form. Every call goes through the source's own
 * bulkhead, circuit breaker, time limiter and (lookups being idempotent) one retry with
 * jitter inside the time budget, so a slow or failing source costs its timeout at most
 * and, once its breaker opens, nothing.
 */
public final class SourceConnector {

	private static final Logger log = LoggerFactory.getLogger(SourceConnector.class);

	private final String id;

	private final FederationProperties.Source source;

	/** The key of an include's template among the lookups'. */
	private static final String INCLUDE = "include:";

	private final SourceClient client;

	private final Map<String, RequestTemplate> templates;

	/** The lookups' value patterns, by lookup. */
	private final Map<String, Pattern> valuePatterns;

	private final CanonicalMapping mapping;

	private final FieldExpression recordId;

	private final CircuitBreaker circuitBreaker;

	private final Bulkhead bulkhead;

	private final TimeLimiter timeLimiter;

	private final Retry retry;

	private final ObservationRegistry observations;

	private final IdentityRecheck recheck;

	public SourceConnector(String id, FederationProperties.Source source, SourceClient client,
			CircuitBreakerRegistry breakers, ObservationRegistry observations, MeterRegistry meters) {
		this.id = id;
		this.observations = observations;
		this.source = source;
		this.client = client;
		Map<String, RequestTemplate> templates = new HashMap<>();
		source.lookups().forEach((name, lookup) -> templates.put(name, template(lookup)));
		source.includes().forEach((name, lookup) -> templates.put(INCLUDE + name, template(lookup)));
		this.templates = Map.copyOf(templates);
		Map<String, Pattern> valuePatterns = new HashMap<>();
		source.lookups().forEach((name, lookup) -> {
			if (lookup.valuePattern() != null) {
				valuePatterns.put(name, Pattern.compile(lookup.valuePattern()));
			}
		});
		this.valuePatterns = Map.copyOf(valuePatterns);
		this.mapping = CanonicalMapping.of(source.mapping());
		this.recordId = FieldExpression.parse(source.recordId());
		IdentityRecheck.KEYS.forEach((key) -> requireIdentityMapping(id, source, key));
		this.recheck = new IdentityRecheck(id, meters);
		FederationProperties.Resilience r = source.resilience();
		this.circuitBreaker = breakers.circuitBreaker(id,
				CircuitBreakerConfig.custom()
					.failureRateThreshold(r.failureRateThreshold())
					.slidingWindowSize(r.slidingWindowSize())
					.minimumNumberOfCalls(r.minimumNumberOfCalls())
					.waitDurationInOpenState(r.waitInOpenState())
					// a throttling source is working as its vendor intends; a source that
					// refuses one caller says nothing about how it serves the others
					.ignoreException(this::refusalOfTheCaller)
					.ignoreExceptions(SourceErrors.RateLimited.class)
					.build());
		this.bulkhead = Bulkhead.of(id,
				BulkheadConfig.custom()
					.maxConcurrentCalls(r.maxConcurrentCalls())
					.maxWaitDuration(Duration.ZERO)
					.build());
		this.timeLimiter = TimeLimiter.of(id,
				TimeLimiterConfig.custom().timeoutDuration(source.responseTimeout()).build());
		this.retry = Retry.of(id, RetryConfig.custom()
			.maxAttempts(2)
			.intervalFunction(IntervalFunction.ofRandomized(r.retryBackoff(), 0.5))
			.retryOnException((ex) -> !(ex instanceof SourceErrors.Rejected)
					&& !(ex instanceof SourceErrors.RateLimited) && !(ex instanceof SourceErrors.IdentityRefused))
			.build());
	}

	/**
	 * A lookup by e-mail or phone is re-checked against the record's own e-mails or
	 * phones, so the mapping must read them, from the record itself: the re-check comes
	 * before the includes are fetched, so that a dropped match costs no further call.
	 */
	private void requireIdentityMapping(String id, FederationProperties.Source source, String key) {
		String field = "customer." + key + "s";
		if (!source.lookups().containsKey(key)) {
			return;
		}
		List<String> paths = this.mapping.readPathsOf(field);
		if (paths.isEmpty()
				|| paths.stream().anyMatch((path) -> source.includes().containsKey(path.split("[.\\[]", 2)[0]))) {
			throw new IllegalArgumentException(
					"source " + id + " looks customers up by " + key + ", so its mapping must" + " read " + field
							+ " from the record itself: a match is kept only if it holds the key");
		}
	}

	private static RequestTemplate template(FederationProperties.Lookup lookup) {
		return new RequestTemplate(lookup.method(), lookup.path(), lookup.body(), lookup.headers());
	}

	/**
	 * The source's client, whose credentials and budget the pass-through route shares.
	 */
	SourceClient client() {
		return this.client;
	}

	public String id() {
		return this.id;
	}

	public boolean supports(String key) {
		return this.source.lookups().containsKey(key);
	}

	/**
	 * Records matching {@code key} ({@code id}, {@code email}, {@code phone}) = value; by
	 * e-mail or phone only those that hold it exactly ({@link IdentityRecheck}).
	 */
	public Mono<SourceResult> lookup(String key, String value, String matchedBy) {
		return lookup(key, value, matchedBy, this.source.lookups().get(key).withIncludes());
	}

	/**
	 * @param withIncludes whether each record also fetches the source's includes,
	 * whatever the lookup's configuration says
	 */
	public Mono<SourceResult> lookup(String key, String value, String matchedBy, boolean withIncludes) {
		FederationProperties.Lookup lookup = this.source.lookups().get(key);
		Pattern valuePattern = this.valuePatterns.get(key);
		if (valuePattern != null && !valuePattern.matcher(value).matches()) {
			// a value the source would refuse as malformed names no record of it
			return Mono.just(new SourceResult(this.id, SourceResult.OK, 0, List.of()));
		}
		Mono<SourceResult> call = fetch(key, lookup, "value", value).flatMap((fetched) -> {
			List<JsonNode> kept = this.recheck.keep(key, value, fetched.records(), this.mapping::toCanonical);
			return (withIncludes ? Flux.fromIterable(kept).concatMap(this::withIncludes).collectList()
					: Mono.just(kept))
				.map((records) -> new SourceResult(this.id, SourceResult.OK, 0,
						records.stream()
							.map((record) -> toSourceRecord(record, matchedBy))
							.filter((record) -> !record.id().isBlank())
							.toList(),
						fetched.truncated()));
		});
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
				.map((result) -> new SourceResult(this.id, SourceResult.OK, millisSince(start), result.records(),
						result.truncated()))
				.onErrorResume((ex) -> {
					// The class says enough; a message could carry a lookup key.
					log.warn("Source {} {} lookup failed: {}", this.id, key, ex.getClass().getSimpleName());
					return Mono.just(new SourceResult(this.id,
							refusalOfTheCaller(ex) ? SourceResult.REFUSED : status(ex), millisSince(start), List.of()));
				})
				.doOnNext((result) -> observation.lowCardinalityKeyValue("outcome", result.status()))
				.doFinally((signal) -> observation.stop())
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private Mono<SourceClient.Fetched> fetch(String name, FederationProperties.Lookup lookup, String placeholder,
			String value) {
		FieldExpression.Path records = (lookup.records() != null) ? new FieldExpression.Path(lookup.records()) : null;
		// A 404 to a GET names no such record; a search that answers 404 is
		// misconfigured.
		return this.client.fetch(this.templates.get(name), lookup.pagination(), lookup.childPages(),
				Map.of(placeholder, value), (body) -> records(body, records), lookup.method().equals("GET"));
	}

	/** The records of an answer, at {@code path} (a lookup's {@code records}). */
	static List<JsonNode> records(JsonNode body, FieldExpression.@Nullable Path path) {
		JsonNode records = (path != null) ? path.read(body) : body;
		List<JsonNode> list = new ArrayList<>();
		if (records.isArray()) {
			records.forEach(list::add);
		}
		else if (records.isObject()) {
			list.add(records);
		}
		return list;
	}

	/** Records without an id cannot be linked or explained, so they are not records. */
	private Mono<JsonNode> withIncludes(JsonNode record) {
		if (this.source.includes().isEmpty()) {
			return Mono.just(record);
		}
		String recordKey = this.recordId.read(record).asString("");
		return Flux.fromIterable(this.source.includes().entrySet())
			.concatMap((include) -> fetch(INCLUDE + include.getKey(), include.getValue(), "id", recordKey)
				.map((fetched) -> Map.entry(include.getKey(), fetched.records())))
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

	/**
	 * Whether the source refused this caller rather than failed: it has no user of
	 * theirs, or, acting as the caller (JWT bearer), it answered a 4xx, as a SaaS does to
	 * a user whose profile lacks the object asked for.
	 */
	private boolean refusalOfTheCaller(Throwable ex) {
		return ex instanceof SourceErrors.IdentityRefused
				|| (ex instanceof SourceErrors.Rejected && this.source.auth().type() == SourceAuth.AuthType.JWT_BEARER);
	}

	private static String status(Throwable ex) {
		if (ex instanceof CallNotPermittedException) {
			return "circuit-open";
		}
		if (ex instanceof TimeoutException) {
			return "timeout";
		}
		if (ex instanceof SourceErrors.RateLimited) {
			return SourceResult.RATE_LIMITED;
		}
		return "error";
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
