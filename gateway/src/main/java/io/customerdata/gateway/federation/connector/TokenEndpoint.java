package io.customerdata.gateway.federation.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.customerdata.gateway.federation.FederationProperties;
import io.customerdata.gateway.security.SecretReference;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One source's OAuth2 token endpoint: client credentials (RFC 6749 §4.4) or token
 * exchange (RFC 8693), as a form or a JSON body, the client authenticated in the body or
 * with HTTP Basic. An answer without {@code expires_in} lives {@code default-lifetime}.
 * Neither the request nor the answer is ever logged.
 */
final class TokenEndpoint {

	static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	private final FederationProperties.Auth auth;

	private final SecretReference clientSecret;

	private final WebClient client;

	private final Clock clock;

	private final Counter granted;

	private final Counter failed;

	/**
	 * @param meters where {@code gateway.source.token.requests} counts this source's
	 * token requests by outcome
	 */
	TokenEndpoint(String source, FederationProperties.Auth auth, WebClient client, Clock clock, MeterRegistry meters) {
		if (auth.tokenUri() == null || auth.clientId() == null || auth.clientSecret() == null) {
			throw new IllegalArgumentException("OAuth2 credentials need token-uri, client-id and client-secret");
		}
		this.auth = auth;
		this.clientSecret = SecretReference.of(auth.clientSecret(), clock);
		this.client = client;
		this.clock = clock;
		this.granted = tokenRequests(meters, source, "ok");
		this.failed = tokenRequests(meters, source, "error");
	}

	private static Counter tokenRequests(MeterRegistry meters, String source, String outcome) {
		return Counter.builder("gateway.source.token.requests")
			.description("Token requests to a source's token endpoint")
			.tag("source", source)
			.tag("outcome", outcome)
			.register(meters);
	}

	Mono<AccessToken> clientCredentials() {
		return request(Map.of("grant_type", "client_credentials"));
	}

	Mono<AccessToken> exchange(String subjectToken) {
		Map<String, String> grant = new LinkedHashMap<>();
		grant.put("grant_type", TOKEN_EXCHANGE);
		grant.put("subject_token", subjectToken);
		grant.put("subject_token_type", ACCESS_TOKEN_TYPE);
		grant.put("requested_token_type", ACCESS_TOKEN_TYPE);
		if (this.auth.audience() != null) {
			grant.put("audience", this.auth.audience());
		}
		return request(grant);
	}

	/** A rotated client secret is read again before the next token request. */
	void forgetSecret() {
		this.clientSecret.forget();
	}

	private Mono<AccessToken> request(Map<String, String> grant) {
		return this.clientSecret.value().flatMap((secret) -> {
			Map<String, String> parameters = new LinkedHashMap<>(grant);
			if (!this.auth.scopes().isEmpty()) {
				parameters.put("scope", String.join(" ", this.auth.scopes()));
			}
			parameters.putAll(this.auth.parameters());
			WebClient.RequestBodySpec request = this.client.post()
				.uri(this.auth.tokenUri())
				.accept(MediaType.APPLICATION_JSON);
			if (this.auth.clientAuthentication() == FederationProperties.ClientAuthentication.BASIC) {
				request = request.header(HttpHeaders.AUTHORIZATION, basic(this.auth.clientId(), secret));
			}
			else {
				parameters.put("client_id", this.auth.clientId());
				parameters.put("client_secret", secret);
			}
			WebClient.RequestHeadersSpec<?> withBody = (this.auth
				.tokenRequest() == FederationProperties.TokenRequestFormat.JSON)
						? request.contentType(MediaType.APPLICATION_JSON).bodyValue(parameters)
						: request.contentType(MediaType.APPLICATION_FORM_URLENCODED)
							.body(BodyInserters.fromFormData(form(parameters)));
			Instant asked = this.clock.instant();
			return withBody.<AccessToken>exchangeToMono((response) -> {
				if (!response.statusCode().is2xxSuccessful()) {
					return response.releaseBody()
						.then(Mono
							.error(new TokenUnavailable("token endpoint answered " + response.statusCode().value())));
				}
				return response.bodyToMono(JsonNode.class).map((body) -> token(body, asked));
			}).doOnNext((token) -> this.granted.increment()).doOnError((ex) -> this.failed.increment());
		});
	}

	private AccessToken token(JsonNode body, Instant asked) {
		String value = body.path("access_token").asString("");
		if (value.isBlank()) {
			throw new TokenUnavailable("token endpoint answered without an access_token");
		}
		JsonNode expiresIn = body.path("expires_in");
		Duration lifetime = (expiresIn.isNumber() || (expiresIn.isString() && expiresIn.asString().matches("\\d+")))
				? Duration.ofSeconds(expiresIn.asLong()) : this.auth.defaultLifetime();
		return new AccessToken(value, asked.plus(lifetime), baseUrl(body));
	}

	private @Nullable URI baseUrl(JsonNode body) {
		if (this.auth.baseUrlFrom() == null) {
			return null;
		}
		String text = body.path(this.auth.baseUrlFrom()).asString("");
		URI uri = text.isBlank() ? null : URI.create(text);
		if (uri == null || uri.getHost() == null
				|| !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
			throw new TokenUnavailable("token answer has no usable " + this.auth.baseUrlFrom());
		}
		return uri;
	}

	private static MultiValueMap<String, String> form(Map<String, String> parameters) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		parameters.forEach(form::add);
		return form;
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** No token could be had: the source is unavailable for this call. */
	static final class TokenUnavailable extends RuntimeException {

		TokenUnavailable(String message) {
			super(message, null, false, false);
		}

	}

}
