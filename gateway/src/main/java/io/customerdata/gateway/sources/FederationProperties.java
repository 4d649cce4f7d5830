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
			@DefaultValue @Valid Resilience resilience, @DefaultValue @Valid Auth auth,
			@DefaultValue @Valid Throttling throttling, @DefaultValue @Valid PassThrough passThrough) {

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
	 * Credentials presented to the source; secrets only by reference ({@code env:NAME},
	 * {@code file:/path}).
	 *
	 * @param type {@code none}, {@code bearer}, {@code basic},
	 * {@code oauth2-client-credentials}, {@code token-exchange} (RFC 8693: the caller's
	 * token exchanged for one whose audience is the department) or {@code jwt-bearer}
	 * (RFC 7523: an assertion for the caller's own user in the department application,
	 * signed by the gateway, exchanged for a token per caller)
	 * @param token bearer: reference to the token
	 * @param username basic: the user (Zendesk's {@code {email}/token})
	 * @param password basic: reference to the password or API token
	 * @param tokenUri OAuth2: the token endpoint
	 * @param clientId OAuth2: the client; JWT bearer: the assertion's issuer
	 * (Salesforce's connected app consumer key)
	 * @param clientSecret OAuth2: reference to the client's secret (JWT bearer needs
	 * none)
	 * @param scopes OAuth2: scopes asked for
	 * @param parameters OAuth2: further token request parameters
	 * @param tokenRequest OAuth2: {@code form} (RFC 6749) or {@code json} body
	 * @param clientAuthentication OAuth2: {@code post} (client id and secret in the body)
	 * or {@code basic} (HTTP Basic)
	 * @param defaultLifetime OAuth2: a token's lifetime when the answer has no
	 * {@code expires_in} (Salesforce sends none)
	 * @param refreshBefore OAuth2: a token is renewed this long before it expires
	 * @param baseUrlFrom OAuth2: a token answer field holding the base URL to call
	 * (Salesforce's {@code instance_url})
	 * @param audience token exchange: the audience asked for
	 * @param privateKey JWT bearer: reference to the PEM private key (PKCS#8 or PKCS#1,
	 * RSA) that signs the assertions; the department holds its certificate
	 * @param subjectClaim JWT bearer: the claim of the caller's token that holds their
	 * user name in the department application; a caller without it is refused
	 * @param assertionAudience JWT bearer: the assertion's {@code aud} (Salesforce's
	 * login URL, {@code https://login.salesforce.com})
	 * @param assertionLifetime JWT bearer: how long an assertion is valid (its
	 * {@code exp}); Salesforce accepts at most three minutes, and two leave room for the
	 * clocks' skew
	 */
	public record Auth(@DefaultValue("none") AuthType type, @Nullable String token, @Nullable String username,
			@Nullable String password, @Nullable URI tokenUri, @Nullable String clientId, @Nullable String clientSecret,
			@Nullable List<String> scopes, @Nullable Map<String, String> parameters,
			@DefaultValue("form") TokenRequestFormat tokenRequest,
			@DefaultValue("post") ClientAuthentication clientAuthentication,
			@DefaultValue("1h") Duration defaultLifetime, @DefaultValue("1m") Duration refreshBefore,
			@Nullable String baseUrlFrom, @Nullable String audience, @Nullable String privateKey,
			@Nullable String subjectClaim, @Nullable String assertionAudience,
			@DefaultValue("2m") Duration assertionLifetime) {

		public Auth {
			scopes = (scopes != null) ? scopes : List.of();
			parameters = (parameters != null) ? parameters : Map.of();
		}

		public static final Auth NONE = new Auth(AuthType.NONE, null, null, null, null, null, null, null, null,
				TokenRequestFormat.FORM, ClientAuthentication.POST, Duration.ofHours(1), Duration.ofMinutes(1), null,
				null, null, null, null, Duration.ofMinutes(2));

	}

	public enum AuthType {

		NONE, BEARER, BASIC, OAUTH2_CLIENT_CREDENTIALS, TOKEN_EXCHANGE, JWT_BEARER

	}

	public enum TokenRequestFormat {

		FORM, JSON

	}

	public enum ClientAuthentication {

		POST, BASIC

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

	/**
	 * What {@code /api/v1/departments/{id}/**} may ask of the source. The gateway
	 * presents its own credentials there, so without this list every caller could do
	 * whatever the integration user may; with it, a request that matches no operation is
	 * refused before it leaves.
	 *
	 * @param operations operation name to operation; a map, so that a source's own
	 * entries add to its preset's (and override those of the same name)
	 */
	public record PassThrough(@Nullable Map<String, @Valid Operation> operations) {

		/** Nothing: every pass-through request is refused. */
		public static final PassThrough NONE = new PassThrough(Map.of());

		public PassThrough {
			operations = (operations != null) ? operations : Map.of();
		}

	}

	/**
	 * One operation the pass-through route allows.
	 *
	 * @param method the HTTP method. Methods other than {@code GET} are writes, which
	 * only the source's own department sends; {@code HEAD} is never passed on (its answer
	 * has no body to decide records on)
	 * @param path the path pattern below the source's base URL, as Spring's
	 * {@code PathPattern} reads it: {@code /accounts/{id}},
	 * {@code /services/data/{version:v\d+\.\d}/query}, {@code /echo/**}; matched against
	 * the path as sent, undecoded
	 * @param query for a query endpoint, the query language it takes and what may be
	 * queried
	 * @param parameters the query parameters the operation accepts, by name as the source
	 * reads it; any other is refused. A query endpoint's own parameter is not listed
	 * here: its query is checked as a whole
	 */
	public record Operation(@NotNull @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE") String method,
			@NotBlank @Pattern(regexp = "/.*") String path, @Nullable @Valid Query query,
			@Nullable Map<String, @Valid Parameter> parameters) {

		public Operation {
			parameters = (parameters != null) ? parameters : Map.of();
		}

	}

	/**
	 * A query parameter an operation accepts. Which records come back for a filter or a
	 * search tells what the fields it matches on hold, so the gateway admits one only
	 * from a caller who sees every one of them as it is.
	 *
	 * @param kind what the parameter does to the answer
	 * @param paths for a filter or a search, the source paths it matches on
	 * ({@code primaryContact.email}), as the mapping reads them; a path the mapping does
	 * not read is seen as the source's {@code *}. None for paging or a selection
	 */
	public record Parameter(@NotNull ParameterKind kind, @Nullable List<@NotBlank String> paths) {

		public Parameter {
			paths = (paths != null) ? paths : List.of();
		}

	}

	public enum ParameterKind {

		/** Keeps the records whose fields at its paths equal, or match, its value. */
		FILTER,

		/** Free text, matched against each of its paths. */
		SEARCH,

		/** Which page of the answer, or how large: not which records match. */
		PAGING,

		/**
		 * Which fields the answer carries ({@code properties}); they leave only as the
		 * caller's field views allow, like any other.
		 */
		SELECT

	}

	/**
	 * A query endpoint: the gateway parses the query, refuses what it cannot decide on,
	 * and makes it select what the decision needs (the record id and the fields the
	 * mapping reads the customer's region, sensitivity and consents from).
	 *
	 * @param parameter the query parameter holding the query ({@code q})
	 * @param dialect the query language
	 * @param objects the objects that may be queried ({@code FROM Account}); the source's
	 * mapping must describe their records
	 * @param childRelationships the child relationships that may be queried in the select
	 * list's subqueries ({@code (SELECT Amount FROM Opportunities)})
	 */
	public record Query(@NotBlank String parameter, @NotNull QueryDialect dialect, @NotEmpty List<String> objects,
			@Nullable List<String> childRelationships) {

		public Query {
			childRelationships = (childRelationships != null) ? childRelationships : List.of();
		}

	}

	public enum QueryDialect {

		/** Salesforce's Object Query Language. */
		SOQL

	}

	/** The source with this id, if configured. */
	public Optional<Source> source(String id) {
		return Optional.ofNullable(this.sources.get(id));
	}

}
