package io.customerdata.gateway.sources;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

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
	 * @param preset {@code salesforce}, {@code hubspot} or {@code zendesk}: the vendor's
	 * lookups, answer shapes, mapping, credentials kind and quota as defaults, each of
	 * which the source's own settings override
	 * @param baseUrl where the application's API is served
	 * @param department the department in charge of the application
	 * @param connectTimeout bound on opening a connection to it
	 * @param responseTimeout bound on its answer, retry included
	 * @param lookups how to find customers by {@code id}, {@code email} or {@code phone}
	 * (the records by e-mail or phone are re-checked: only those holding the key are
	 * linked), {@code search} free text, and {@code check}, the connection check's probe
	 * (one request answering a record, if there is one); a source without lookups takes
	 * no part in the unified view
	 * @param recordId the path of a record's id
	 * @param includes sub-resources fetched per record and added to it under the key
	 * before mapping (e.g. a requester's tickets)
	 * @param mapping its canonical fields, each with the expression that reads it (see
	 * docs/connectors.md, the mapping language)
	 * @param resilience bulkhead, circuit breaker and retry settings
	 * @param auth the credentials the gateway presents to the source
	 * @param throttling the source's request budget, which the gateway never exceeds
	 * @param passThrough what the pass-through route may ask of the source
	 */
	public record Source(@Nullable String preset, @NotNull URI baseUrl, @NotBlank String department,
			@DefaultValue("1s") Duration connectTimeout, @DefaultValue("5s") Duration responseTimeout,
			@Nullable Map<String, @Valid Lookup> lookups, @Nullable String recordId,
			@Nullable Map<String, @Valid Lookup> includes, @Nullable List<@Valid Mapped> mapping,
			@DefaultValue @Valid Resilience resilience, @DefaultValue @Valid SourceAuth auth,
			@DefaultValue @Valid Throttling throttling, @DefaultValue @Valid SourcePassThrough passThrough) {

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
	 * One call to a source's API. Placeholders are {@code {value}} (a lookup's key) and
	 * {@code {id}} (an include's record id), optionally through a query-language filter:
	 * {@code {value|soql}}, {@code {value|sosl}}, {@code {value|zendesk}}. Each is
	 * escaped for where it lands: URL component, JSON string, header.
	 *
	 * @param method {@code GET} or {@code POST}
	 * @param path path and query template
	 * @param body JSON body template; placeholders only inside its strings
	 * @param headers header templates
	 * @param records where the records are in the response ({@code records},
	 * {@code user}, {@code results[].properties}); absent: the response is the record. A
	 * 404 to a GET means none.
	 * @param withIncludes whether each record found also fetches the source's includes;
	 * searches turn it off, so that a page of matches costs one call, not one per match
	 * @param pagination how further pages are asked for
	 * @param valuePattern optional: a regular expression the whole value must match
	 * (Salesforce's Id form); a value that does not is no match, and the source is not
	 * called
	 * @param childPages child results inside each record that page on their own
	 */
	public record Lookup(@DefaultValue("GET") @Pattern(regexp = "GET|POST") String method, @NotBlank String path,
			@Nullable String body, @Nullable Map<String, String> headers, @Nullable String records,
			@DefaultValue("true") boolean withIncludes, @DefaultValue @Valid Pagination pagination,
			@Nullable String valuePattern, @DefaultValue @Valid ChildPages childPages) {

		public Lookup {
			headers = (headers != null) ? headers : Map.of();
		}

	}

	/**
	 * Child results inside each record that page on their own, as Salesforce's subquery
	 * results do ({@code Opportunities} with {@code done} and {@code nextRecordsUrl}):
	 * their further pages are fetched and their rows added, on the source's host only. A
	 * child result still unfinished after {@code max-pages} is left so, and the lookup is
	 * reported truncated.
	 *
	 * @param relationships the child results' paths in a record; none: nothing is
	 * followed
	 * @param records where a child result's rows are
	 * @param next where its next page's URL is
	 * @param maxPages at most this many further pages per child result and record
	 */
	public record ChildPages(@Nullable List<@NotBlank String> relationships, @DefaultValue("records") String records,
			@DefaultValue("nextRecordsUrl") String next, @DefaultValue("5") @Min(0) int maxPages) {

		public static final ChildPages NONE = new ChildPages(List.of(), "records", "nextRecordsUrl", 0);

		public ChildPages {
			relationships = (relationships != null) ? relationships : List.of();
		}

	}

	/**
	 * How a search answer says there is more.
	 *
	 * @param style {@code none}; {@code next-url}: the path {@code next} holds the next
	 * page's URL (Salesforce's {@code nextRecordsUrl}, Zendesk's {@code next_page} or
	 * {@code links.next}), absolute or relative, never followed off the source's host;
	 * {@code cursor}: the path {@code next} holds a cursor (HubSpot's
	 * {@code paging.next.after}) sent back as {@code cursor-param}, in the JSON body of a
	 * POST or the query of a GET
	 * @param next where the next page's URL or cursor is
	 * @param hasMore optional: a boolean that must be true for a next page (Zendesk's
	 * {@code meta.has_more})
	 * @param cursorParam the body field or query parameter a cursor is sent as
	 * @param maxPages at most this many pages are fetched per lookup
	 * @param maxResults at most this many records are kept per lookup
	 */
	public record Pagination(@DefaultValue("none") PaginationStyle style, @Nullable String next,
			@Nullable String hasMore, @DefaultValue("after") String cursorParam,
			@DefaultValue("5") @Min(1) int maxPages, @DefaultValue("100") @Min(1) int maxResults) {

		public static final Pagination NONE = new Pagination(PaginationStyle.NONE, null, null, "after", 1, 100);

	}

	public enum PaginationStyle {

		NONE, NEXT_URL, CURSOR

	}

	/**
	 * The source's request budget: the gateway never sends more, pass-through included.
	 * Throttling signals (429, Salesforce's {@code REQUEST_LIMIT_EXCEEDED}, an exhausted
	 * {@code X-HubSpot-RateLimit-Remaining}, {@code X-Rate-Limit-Remaining} or
	 * {@code Sforce-Limit-Info}) pause the source for {@code Retry-After} or
	 * {@code default-pause}; meanwhile it is {@code rate-limited}, not failed.
	 *
	 * @param requestsPerSecond at most this many requests a second; 0: no limit
	 * @param maxConcurrentRequests at most this many requests in flight; 0: no limit
	 * @param maxWait how long a request waits for its turn before it is
	 * {@code rate-limited}
	 * @param defaultPause the pause after a throttling signal that names no time
	 * @param endpoints budgets of their own for some endpoints, by name, spent in
	 * addition to this one (HubSpot's search)
	 */
	public record Throttling(@DefaultValue("0") @Min(0) double requestsPerSecond,
			@DefaultValue("0") @Min(0) int maxConcurrentRequests, @DefaultValue("1s") Duration maxWait,
			@DefaultValue("1s") Duration defaultPause, @Nullable Map<String, @Valid EndpointBudget> endpoints) {

		public static final Throttling UNLIMITED = new Throttling(0, 0, Duration.ofSeconds(1), Duration.ofSeconds(1),
				Map.of());

		public Throttling {
			endpoints = (endpoints != null) ? endpoints : Map.of();
		}

	}

	/**
	 * A budget for some of a source's endpoints, which the vendor limits on their own and
	 * perhaps per account rather than per credential (HubSpot's search: a few requests a
	 * second per account, shared with every app, answered without rate-limit headers). A
	 * request to one of its paths spends it and the source's budget; a throttling answer
	 * from one of its paths pauses these paths only, for {@code Retry-After} or
	 * {@code default-pause}, never for what the source's other answers say.
	 *
	 * @param paths the paths it covers below the base URL, as Spring's
	 * {@code PathPattern} reads them ({@code /crm/v3/objects/{object}/search})
	 * @param requestsPerSecond at most this many requests a second; 0: no limit
	 * @param sharedAs the name of the account (or whatever the vendor counts by): every
	 * source that gives a budget the same name spends one budget, so two sources on one
	 * HubSpot account stay within its limit together. Settings that differ between them
	 * are taken at their most restrictive. None: the source's own
	 * @param maxWait how long a request waits for its turn before it is
	 * {@code rate-limited}
	 * @param defaultPause the pause after a throttling answer that names no time
	 */
	public record EndpointBudget(@NotEmpty List<@NotBlank @Pattern(regexp = "/.*") String> paths,
			@DefaultValue("0") @Min(0) double requestsPerSecond, @Nullable String sharedAs,
			@DefaultValue("1s") Duration maxWait, @DefaultValue("1s") Duration defaultPause) {
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
