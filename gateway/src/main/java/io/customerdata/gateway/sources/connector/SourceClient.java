package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.customerdata.gateway.sources.FederationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends a source's requests the way its configuration says: with its credentials
 * (refreshed once and the request sent once more after a 401), within its request budget
 * and the budget of the endpoint it calls if it has one, refused while either throttles,
 * and page after page as it paginates, child results too, up to the lookup's caps, saying
 * when a cap left something unread. Answers are read for records; error bodies only for
 * Salesforce's limit code, and never passed on.
 */
public final class SourceClient {

	/** The most of a 403's body read for a throttling code. */
	private static final int ERROR_BODY_LIMIT = 4096;

	private final URI baseUrl;

	private final WebClient client;

	private final UpstreamCredentials credentials;

	private final RequestBudget budget;

	private final Throttle throttle;

	private final String id;

	private final EndpointBudgets endpoints;

	/** A source on its own: its endpoint budgets shared with no other source. */
	public SourceClient(String id, FederationProperties.Source source, WebClient.Builder clients, Clock clock,
			MeterRegistry meters) {
		this(id, source, clients, clock, meters, new EndpointBudgets(Map.of(id, source), clock));
	}

	SourceClient(String id, FederationProperties.Source source, WebClient.Builder clients, Clock clock,
			MeterRegistry meters, EndpointBudgets endpoints) {
		this.id = id;
		this.endpoints = endpoints;
		this.baseUrl = source.baseUrl();
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) source.connectTimeout().toMillis());
		this.client = clients.clone()
			.clientConnector(new ReactorClientHttpConnector(http))
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.build();
		this.credentials = UpstreamCredentials.of(id, source.auth(), clients, clock, meters);
		this.budget = new RequestBudget(id, source.throttling());
		this.throttle = new Throttle(source.throttling().defaultPause(), clock);
	}

	public UpstreamCredentials credentials() {
		return this.credentials;
	}

	/**
	 * The request, within the budgets a request to this path spends (the source's, and
	 * its endpoint budget's), refused while either throttles.
	 * @param path the path below the source's base URL, with or without its query
	 */
	public <T> Mono<T> limit(String path, Mono<T> request) {
		Optional<EndpointBudgets.Limit> endpoint = endpoint(path);
		Mono<T> spent = this.budget.spend(Mono.defer(() -> {
			if (this.throttle.paused() || endpoint.filter((limit) -> limit.throttle().paused()).isPresent()) {
				return Mono.error(new SourceErrors.RateLimited("source throttles"));
			}
			return request;
		}));
		return endpoint.map((limit) -> limit.budget().spend(spent)).orElse(spent);
	}

	/**
	 * Reads an answer's throttling signals into the throttle they concern: the endpoint
	 * budget's for one of its paths, else the source's.
	 * @return whether this answer itself is a throttling refusal
	 */
	public boolean observe(String path, int status, HttpHeaders headers, @Nullable String errorBody) {
		return endpoint(path).map(EndpointBudgets.Limit::throttle)
			.orElse(this.throttle)
			.observe(status, headers, errorBody);
	}

	/** The path of a URL to this source below its base URL. */
	public String pathBelowBase(URI uri) {
		String base = strip(this.baseUrl.getRawPath());
		String path = uri.getRawPath();
		return (!base.isEmpty() && path.startsWith(base + "/")) ? path.substring(base.length()) : path;
	}

	private Optional<EndpointBudgets.Limit> endpoint(String path) {
		int query = path.indexOf('?');
		return this.endpoints.of(this.id, (query >= 0) ? path.substring(0, query) : path);
	}

	/**
	 * A lookup's records.
	 *
	 * @param truncated whether the source had more than was read: a page or a child
	 * result beyond the lookup's caps
	 */
	public record Fetched(List<JsonNode> records, boolean truncated) {
	}

	/**
	 * The records of every page of one lookup, at most {@code max-results}, each with its
	 * child results completed up to their cap.
	 * @param records where a page's records are
	 * @param notFoundIsEmpty whether a 404 means no record (a lookup whose answer is the
	 * record itself)
	 */
	public Mono<Fetched> fetch(RequestTemplate template, FederationProperties.Pagination pagination,
			FederationProperties.ChildPages childPages, Map<String, String> values,
			Function<JsonNode, List<JsonNode>> records, boolean notFoundIsEmpty) {
		RequestTemplate.Rendered first = template.render(values);
		Lookup lookup = new Lookup(pagination, new ChildResults(childPages, this::get), records, notFoundIsEmpty,
				new ArrayList<>(), new AtomicBoolean());
		return pages(first, null, lookup, 1)
			.then(Mono.fromSupplier(() -> new Fetched(List.copyOf(lookup.collected()), lookup.truncated().get())));
	}

	/** One lookup's settings and what it has collected so far. */
	private record Lookup(FederationProperties.Pagination pagination, ChildResults children,
			Function<JsonNode, List<JsonNode>> records, boolean notFoundIsEmpty, List<JsonNode> collected,
			AtomicBoolean truncated) {
	}

	private Mono<Void> pages(RequestTemplate.Rendered request, @Nullable URI absolute, Lookup lookup, int page) {
		FederationProperties.Pagination pagination = lookup.pagination();
		return send(request, absolute, lookup.notFoundIsEmpty()).flatMap((answer) -> {
			if (answer.body() == null) {
				return Mono.empty();
			}
			List<JsonNode> found = lookup.records().apply(answer.body());
			int room = pagination.maxResults() - lookup.collected().size();
			if (found.size() > room) {
				lookup.truncated().set(true);
			}
			Optional<Pages.Next> next = Pages.next(pagination, request, answer.body(), answer.base());
			return Flux.fromIterable(found.subList(0, Math.min(found.size(), room)))
				.concatMap((record) -> lookup.children().complete(record, answer.base(), lookup.truncated()))
				.doOnNext(lookup.collected()::add)
				.then(Mono.defer(() -> {
					if (next.isEmpty()) {
						return Mono.empty();
					}
					if (page >= pagination.maxPages() || lookup.collected().size() >= pagination.maxResults()) {
						lookup.truncated().set(true);
						return Mono.empty();
					}
					return pages(next.get().request(), next.get().absolute(), lookup, page + 1);
				}));
		});
	}

	/**
	 * One request, for the connection check: the source's status and body, sent with its
	 * credentials and within its budget like any other; a 404 is an answer, not an error.
	 */
	public Mono<Probed> probe(RequestTemplate template, Map<String, String> values) {
		return send(template.render(values), null, true).map((answer) -> new Probed(answer.status(), answer.body()));
	}

	/** The status and body of a connection check's one answer. */
	public record Probed(int status, @Nullable JsonNode body) {
	}

	/** A page that a record's child result links to. */
	private Mono<JsonNode> get(URI uri) {
		return send(new RequestTemplate.Rendered(HttpMethod.GET, "", null, Map.of()), uri, false)
			.flatMap((answer) -> Mono.justOrEmpty(answer.body()));
	}

	private record Answer(@Nullable JsonNode body, URI base, int status) {
	}

	private Mono<Answer> send(RequestTemplate.Rendered request, @Nullable URI absolute, boolean notFoundIsEmpty) {
		return this.credentials.authorization()
			.flatMap((authorization) -> once(request, absolute, authorization, notFoundIsEmpty)
				.onErrorResume(Unauthorized.class, (unauthorized) -> {
					this.credentials.rejected(authorization);
					return this.credentials.authorization()
						.flatMap((fresh) -> once(request, absolute, fresh, notFoundIsEmpty))
						.onErrorMap(Unauthorized.class, (again) -> new SourceErrors.Rejected(401));
				}));
	}

	private Mono<Answer> once(RequestTemplate.Rendered request, @Nullable URI absolute,
			UpstreamCredentials.Authorization authorization, boolean notFoundIsEmpty) {
		URI base = (authorization.baseUrl() != null) ? authorization.baseUrl() : this.baseUrl;
		URI uri = (absolute != null) ? absolute : URI.create(strip(base.toString()) + request.pathAndQuery());
		String path = (absolute != null) ? pathBelowBase(absolute) : request.pathAndQuery();
		return limit(path, Mono.defer(() -> {
			WebClient.RequestBodySpec spec = this.client.method(request.method()).uri(uri).headers((headers) -> {
				request.headers().forEach(headers::set);
				if (authorization.header() != null) {
					headers.set(HttpHeaders.AUTHORIZATION, authorization.header());
				}
			});
			WebClient.RequestHeadersSpec<?> withBody = (request.body() != null)
					? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(request.body()) : spec;
			return withBody.exchangeToMono((response) -> answer(response, base, path, notFoundIsEmpty));
		}));
	}

	private Mono<Answer> answer(ClientResponse response, URI base, String path, boolean notFoundIsEmpty) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		if (status == HttpStatus.FORBIDDEN.value()) {
			return response.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
				String start = body.substring(0, Math.min(body.length(), ERROR_BODY_LIMIT));
				return Mono.error(observe(path, status, headers, start)
						? new SourceErrors.RateLimited("source throttles") : new SourceErrors.Rejected(status));
			});
		}
		if (observe(path, status, headers, null)) {
			return response.releaseBody().then(Mono.error(new SourceErrors.RateLimited("source throttles")));
		}
		if (status == HttpStatus.UNAUTHORIZED.value()) {
			return response.releaseBody().then(Mono.error(new Unauthorized()));
		}
		if (status == HttpStatus.NOT_FOUND.value() && notFoundIsEmpty) {
			return response.releaseBody().thenReturn(new Answer(null, base, status));
		}
		if (response.statusCode().is4xxClientError()) {
			return response.releaseBody().then(Mono.error(new SourceErrors.Rejected(status)));
		}
		if (!response.statusCode().is2xxSuccessful()) {
			return response.releaseBody().then(Mono.error(new SourceErrors.Failed(status)));
		}
		return response.bodyToMono(JsonNode.class)
			.map((body) -> new Answer(body, base, status))
			.defaultIfEmpty(new Answer(null, base, status));
	}

	static String strip(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	/** A 401: the credentials are renewed and the request sent once more. */
	private static final class Unauthorized extends RuntimeException {

		Unauthorized() {
			super("source answered 401", null, false, false);
		}

	}

}
