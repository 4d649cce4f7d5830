package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.customerdata.gateway.security.SecretReference;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
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
 * One source's OAuth2 token endpoint: client credentials (RFC 6749 §4.4), token exchange
 * (RFC 8693) or a JWT bearer assertion (RFC 7523 §2.1), as a form or a JSON body, the
 * client authenticated in the body or with HTTP Basic (a JWT bearer assertion
 * authenticates itself: no client secret is sent). An answer without {@code expires_in}
 * lives {@code default-lifetime}. Neither the request nor the answer is ever logged.
 */
final class TokenEndpoint {

	static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private final SourceAuth auth;

	/** None for a JWT bearer grant without client authentication. */
	private final @Nullable SecretReference clientSecret;

	private final WebClient client;

	private final Clock clock;

	private final Counter granted;

	private final Counter failed;

	/**
	 * @param meters where {@code gateway.source.token.requests} counts this source's
	 * token requests by outcome
	 */
	TokenEndpoint(String source, SourceAuth auth, WebClient client, Clock clock, MeterRegistry meters) {
		boolean secretNeeded = auth.type() != SourceAuth.AuthType.JWT_BEARER;
		if (auth.tokenUri() == null || auth.clientId() == null || (secretNeeded && auth.clientSecret() == null)) {
			throw new IllegalArgumentException(
					secretNeeded ? "OAuth2 credentials need token-uri, client-id and client-secret"
							: "jwt-bearer credentials need token-uri and client-id");
		}
		this.auth = auth;
		this.clientSecret = (auth.clientSecret() != null) ? SecretReference.of(auth.clientSecret(), clock) : null;
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

	/**
	 * A token for the user a signed assertion names. The source's refusal of the
	 * assertion (a 400, Salesforce's {@code invalid_grant}) is a refusal of that caller,
	 * not an outage.
	 */
	Mono<AccessToken> jwtBearer(String assertion) {
		return request(Map.of("grant_type", JWT_BEARER, "assertion", assertion)).onErrorMap(GrantRefused.class,
				(ex) -> new SourceErrors.IdentityRefused(
						"the department application refused the assertion for the caller's user"));
	}

	/** A rotated client secret is read again before the next token request. */
	void forgetSecret() {
		if (this.clientSecret != null) {
			this.clientSecret.forget();
		}
	}

	private Mono<AccessToken> request(Map<String, String> grant) {
		Mono<Optional<String>> clientSecret = (this.clientSecret != null) ? this.clientSecret.value().map(Optional::of)
				: Mono.just(Optional.empty());
		return clientSecret.flatMap((secret) -> {
			Map<String, String> parameters = new LinkedHashMap<>(grant);
			if (!this.auth.scopes().isEmpty()) {
				parameters.put("scope", String.join(" ", this.auth.scopes()));
			}
			parameters.putAll(this.auth.parameters());
			WebClient.RequestBodySpec request = this.client.post()
				.uri(this.auth.tokenUri())
				.accept(MediaType.APPLICATION_JSON);
			if (secret.isPresent() && this.auth.clientAuthentication() == SourceAuth.ClientAuthentication.BASIC) {
				request = request.header(HttpHeaders.AUTHORIZATION, basic(this.auth.clientId(), secret.get()));
			}
			else if (secret.isPresent()) {
				parameters.put("client_id", this.auth.clientId());
				parameters.put("client_secret", secret.get());
			}
			WebClient.RequestHeadersSpec<?> withBody = (this.auth.tokenRequest() == SourceAuth.TokenRequestFormat.JSON)
					? request.contentType(MediaType.APPLICATION_JSON).bodyValue(parameters)
					: request.contentType(MediaType.APPLICATION_FORM_URLENCODED)
						.body(BodyInserters.fromFormData(form(parameters)));
			Instant asked = this.clock.instant();
			return withBody.<AccessToken>exchangeToMono((response) -> {
				if (!response.statusCode().is2xxSuccessful()) {
					return response.releaseBody().then(Mono.error(switch (response.statusCode().value()) {
						case 400 -> new GrantRefused("token endpoint answered 400");
						case 401 -> new ClientRefused("token endpoint answered 401");
						default -> new TokenUnavailable("token endpoint answered " + response.statusCode().value());
					}));
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
	static class TokenUnavailable extends RuntimeException {

		TokenUnavailable(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * The token endpoint answered 401 (RFC 6749 §5.2: the client failed to authenticate,
	 * a wrong secret).
	 */
	static final class ClientRefused extends TokenUnavailable {

		ClientRefused(String message) {
			super(message);
		}

	}

	/**
	 * The token endpoint answered 400 (RFC 6749 §5.2: the grant or the client is
	 * refused).
	 */
	static final class GrantRefused extends TokenUnavailable {

		GrantRefused(String message) {
			super(message);
		}

	}

}
