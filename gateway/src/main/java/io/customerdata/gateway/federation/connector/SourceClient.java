package io.customerdata.gateway.federation.connector;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.customerdata.gateway.federation.FederationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
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
 * and page after page as it paginates, up to the lookup's caps. Answers are read for
 * records; error bodies only for Salesforce's limit code, and never passed on.
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
	 * The records of every page of one lookup, at most {@code max-results}.
	 * @param records where a page's records are
	 * @param notFoundIsEmpty whether a 404 means no record (a lookup whose answer is the
	 * record itself)
	 */
	public Mono<List<JsonNode>> fetch(RequestTemplate template, FederationProperties.Pagination pagination,
			Map<String, String> values, Function<JsonNode, List<JsonNode>> records, boolean notFoundIsEmpty) {
		RequestTemplate.Rendered first = template.render(values);
		List<JsonNode> collected = new ArrayList<>();
		return pages(first, null, pagination, records, notFoundIsEmpty, collected, 1).then(Mono.fromSupplier(
				() -> List.copyOf(collected.subList(0, Math.min(collected.size(), pagination.maxResults())))));
	}

	private Mono<Void> pages(RequestTemplate.Rendered request, @Nullable URI absolute,
			FederationProperties.Pagination pagination, Function<JsonNode, List<JsonNode>> records,
			boolean notFoundIsEmpty, List<JsonNode> collected, int page) {
		return send(request, absolute, notFoundIsEmpty).flatMap((answer) -> {
			if (answer.body() == null) {
				return Mono.empty();
			}
			collected.addAll(records.apply(answer.body()));
			if (page >= pagination.maxPages() || collected.size() >= pagination.maxResults()) {
				return Mono.empty();
			}
			return Pages.next(pagination, request, answer.body(), answer.base())
				.map((next) -> pages(next.request(), next.absolute(), pagination, records, notFoundIsEmpty, collected,
						page + 1))
				.orElse(Mono.empty());
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
