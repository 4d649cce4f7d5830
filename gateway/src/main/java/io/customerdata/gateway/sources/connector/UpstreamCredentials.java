package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.customerdata.gateway.security.SecretReference;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What the gateway presents to one source, as its {@code auth} configures: nothing, a
 * bearer token, HTTP Basic, an OAuth2 client-credentials token, the caller's own token
 * exchanged for one addressed to the department (RFC 8693), so that an in-house
 * application sees the end user, or a token for the caller's own user in a SaaS, had with
 * an assertion the gateway signs (RFC 7523, see {@link JwtBearerCredentials}). Tokens are
 * cached per source (per caller for token exchange, never beyond the caller's own token,
 * and for JWT bearer) and renewed before they expire.
 */
public abstract sealed class UpstreamCredentials
		permits UpstreamCredentials.None, UpstreamCredentials.Bearer, UpstreamCredentials.Basic,
		UpstreamCredentials.ClientCredentials, UpstreamCredentials.TokenExchange, JwtBearerCredentials {

	/**
	 * What to send: an {@code Authorization} header, if any, and the base URL the
	 * credentials name, if they name one.
	 */
	public record Authorization(@Nullable String header, @Nullable URI baseUrl, @Nullable Object origin) {

		static final Authorization NONE = new Authorization(null, null, null);

		@Override
		public String toString() {
			return "Authorization[" + ((this.header != null) ? "present" : "none") + "]";
		}

	}

	public static UpstreamCredentials of(String source, SourceAuth auth, WebClient.Builder clients, Clock clock,
			MeterRegistry meters) {
		return switch (auth.type()) {
			case NONE -> new None();
			case BEARER -> new Bearer(SecretReference.of(required(auth.token(), "bearer needs token"), clock));
			case BASIC -> new Basic(required(auth.username(), "basic needs username"),
					SecretReference.of(required(auth.password(), "basic needs password"), clock));
			case OAUTH2_CLIENT_CREDENTIALS ->
				new ClientCredentials(auth, tokenEndpoint(source, auth, clients, clock, meters), clock);
			case TOKEN_EXCHANGE -> new TokenExchange(auth, tokenEndpoint(source, auth, clients, clock, meters), clock);
			case JWT_BEARER ->
				new JwtBearerCredentials(auth, tokenEndpoint(source, auth, clients, clock, meters), clock);
		};
	}

	/** The credentials for the call about to be made. */
	public abstract Mono<Authorization> authorization();

	/**
	 * The source answered 401 to these credentials: the next authorization is fresh (a
	 * new token, a secret read again).
	 */
	public abstract void rejected(Authorization stale);

	private static TokenEndpoint tokenEndpoint(String source, SourceAuth auth, WebClient.Builder clients, Clock clock,
			MeterRegistry meters) {
		return new TokenEndpoint(source, auth, clients.clone().build(), clock, meters);
	}

	private static String required(@Nullable String value, String message) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(message);
		}
		return value;
	}

	static final class None extends UpstreamCredentials {

		@Override
		public Mono<Authorization> authorization() {
			return Mono.just(Authorization.NONE);
		}

		@Override
		public void rejected(Authorization stale) {
		}

	}

	static final class Bearer extends UpstreamCredentials {

		private final SecretReference token;

		Bearer(SecretReference token) {
			this.token = token;
		}

		@Override
		public Mono<Authorization> authorization() {
			return this.token.value().map((value) -> new Authorization("Bearer " + value, null, null));
		}

		@Override
		public void rejected(Authorization stale) {
			this.token.forget();
		}

	}

	static final class Basic extends UpstreamCredentials {

		private final String username;

		private final SecretReference password;

		Basic(String username, SecretReference password) {
			this.username = username;
			this.password = password;
		}

		@Override
		public Mono<Authorization> authorization() {
			return this.password.value()
				.map((value) -> new Authorization(TokenEndpoint.basic(this.username, value), null, null));
		}

		@Override
		public void rejected(Authorization stale) {
			this.password.forget();
		}

	}

	static final class ClientCredentials extends UpstreamCredentials {

		private final CachedToken token;

		private final TokenEndpoint endpoint;

		ClientCredentials(SourceAuth auth, TokenEndpoint endpoint, Clock clock) {
			this.endpoint = endpoint;
			this.token = new CachedToken(endpoint::clientCredentials, auth.refreshBefore(), clock);
		}

		@Override
		public Mono<Authorization> authorization() {
			return this.token.get().map(ClientCredentials::authorization);
		}

		static Authorization authorization(AccessToken token) {
			return new Authorization("Bearer " + token.value(), token.baseUrl(), token);
		}

		@Override
		public void rejected(Authorization stale) {
			if (stale.origin() instanceof AccessToken token) {
				this.endpoint.forgetSecret();
				this.token.rejected(token);
			}
		}

	}

	/**
	 * Tokens per caller token (by its SHA-256), bounded in number; an exchanged token is
	 * never used past the caller's own.
	 */
	static final class TokenExchange extends UpstreamCredentials {

		private static final int MAX_CALLERS = 10_000;

		private final SourceAuth auth;

		private final TokenEndpoint endpoint;

		private final Clock clock;

		private final Cache<String, CachedToken> byCaller;

		TokenExchange(SourceAuth auth, TokenEndpoint endpoint, Clock clock) {
			this.auth = auth;
			this.endpoint = endpoint;
			this.clock = clock;
			this.byCaller = Caffeine.newBuilder()
				.maximumSize(MAX_CALLERS)
				.expireAfterAccess(auth.defaultLifetime().plus(Duration.ofMinutes(1)))
				.build();
		}

		@Override
		public Mono<Authorization> authorization() {
			return ReactiveSecurityContextHolder.getContext()
				.mapNotNull((context) -> (context.getAuthentication() instanceof JwtAuthenticationToken caller)
						? caller.getToken() : null)
				.switchIfEmpty(Mono.error(() -> new TokenEndpoint.TokenUnavailable("no caller token to exchange")))
				.flatMap((caller) -> this.byCaller.get(hash(caller.getTokenValue()), (key) -> cached(caller)).get())
				.map(ClientCredentials::authorization);
		}

		private CachedToken cached(Jwt caller) {
			Instant callerExpiry = (caller.getExpiresAt() != null) ? caller.getExpiresAt() : Instant.MAX;
			return new CachedToken(
					() -> this.endpoint.exchange(caller.getTokenValue())
						.map((token) -> token.expiresAt().isAfter(callerExpiry)
								? new AccessToken(token.value(), callerExpiry, token.baseUrl()) : token),
					this.auth.refreshBefore(), this.clock);
		}

		@Override
		public void rejected(Authorization stale) {
			if (stale.origin() instanceof AccessToken token) {
				this.byCaller.asMap().values().forEach((cached) -> cached.rejected(token));
			}
		}

		private static String hash(String token) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
