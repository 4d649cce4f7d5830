package io.customerdata.gateway.federation;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The departmental applications behind the gateway. Adding a department is an entry here
 * (and policy data), not code: its pass-through route and its connector for the unified
 * customer view are derived from it. Entries are listed in merge precedence: for a field
 * several sources know, the first source's value wins.
 *
 * @param sources source id (the path segment in {@code /api/v1/departments/{id}/**}) to
 * its definition
 */
@ConfigurationProperties("gateway.federation")
@Validated
public record FederationProperties(@NotEmpty Map<String, @Valid Source> sources) {

	/**
	 * One departmental application.
	 *
	 * @param baseUrl where the application's API is served
	 * @param department the department in charge of the application
	 * @param connectTimeout bound on opening a connection to it
	 * @param responseTimeout bound on its answer, retry included
	 * @param lookups how to find customers by {@code id}, {@code email} or {@code phone};
	 * a source without lookups takes no part in the unified view
	 * @param recordId the path of a record's id
	 * @param includes sub-resources fetched per record and added to it under the key
	 * before mapping (e.g. a requester's tickets)
	 * @param mapping its canonical fields, each with the expression that reads it (see
	 * the README)
	 * @param resilience bulkhead, circuit breaker and retry settings
	 */
	public record Source(@NotNull URI baseUrl, @NotBlank String department, @DefaultValue("1s") Duration connectTimeout,
			@DefaultValue("5s") Duration responseTimeout, @Nullable Map<String, @Valid Lookup> lookups,
			@Nullable String recordId, @Nullable Map<String, @Valid Lookup> includes,
			@Nullable List<@Valid Mapped> mapping, @DefaultValue @Valid Resilience resilience) {

		public Source {
			lookups = (lookups != null) ? lookups : Map.of();
			includes = (includes != null) ? includes : Map.of();
			mapping = (mapping != null) ? mapping : List.of();
		}

		public boolean federated() {
			return !lookups().isEmpty() && recordId() != null && !mapping().isEmpty();
		}

	}

	/**
	 * One call to a source's API.
	 *
	 * @param path path and query, with {@code {value}} (a lookup's key) or {@code {id}}
	 * (an include's record id) filled in URL-encoded
	 * @param records where the records are in the response; absent: the response is the
	 * record, and a 404 means none
	 * @param withIncludes whether each record found also fetches the source's includes;
	 * searches turn it off, so that a page of matches costs one call, not one per match
	 */
	public record Lookup(@NotBlank String path, @Nullable String records, @DefaultValue("true") boolean withIncludes) {
	}

	/**
	 * One canonical field of a source's records.
	 *
	 * @param field the canonical field, e.g. {@code sales.deals[].amount}
	 * @param from the expression that reads it from the source's JSON, e.g.
	 * {@code deals[].amount} or {@code join(firstName, lastName)}
	 */
	public record Mapped(@NotBlank String field, @NotBlank String from) {
	}

	/**
	 * @param maxConcurrentCalls bulkhead: calls in flight at once; more are refused at
	 * once
	 * @param failureRateThreshold circuit breaker: failure percentage that opens it
	 * @param slidingWindowSize circuit breaker: calls it judges by
	 * @param minimumNumberOfCalls circuit breaker: calls before it judges at all
	 * @param waitInOpenState circuit breaker: time before it tries the source again
	 * @param retryBackoff the single retry of a failed lookup waits this long, with
	 * jitter
	 */
	public record Resilience(@DefaultValue("32") int maxConcurrentCalls, @DefaultValue("50") float failureRateThreshold,
			@DefaultValue("20") int slidingWindowSize, @DefaultValue("10") int minimumNumberOfCalls,
			@DefaultValue("10s") Duration waitInOpenState, @DefaultValue("50ms") Duration retryBackoff) {
	}

	/** The source with this id, if configured. */
	public Optional<Source> source(String id) {
		return Optional.ofNullable(this.sources.get(id));
	}

}
