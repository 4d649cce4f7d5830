package io.customerdata.gateway.sources.connector;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.customerdata.gateway.security.SecretReference;
import io.customerdata.gateway.sources.FederationProperties;
import io.customerdata.gateway.sources.SourceAuth;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The caller acts as their own user in the department application (RFC 7523; Salesforce's
 * OAuth 2.0 JWT bearer flow): the user name is a claim of the caller's verified token
 * ({@code subject-claim}), the gateway signs an assertion naming it with its private key,
 * and the token the application issues for it is cached per user, renewed before
 * {@code default-lifetime} runs out (Salesforce's answer has no {@code expires_in}), and
 * dropped from the bounded cache once that lifetime has passed. A caller without the
 * claim gets nothing: the gateway never falls back to an integration user of its own.
 */
final class JwtBearerCredentials extends UpstreamCredentials {

	/** Users whose tokens are kept at once; the least recently used go first. */
	static final int MAX_CALLERS = 10_000;

	private final String subjectClaim;

	private final JwtBearerAssertion assertion;

	private final SecretReference privateKey;

	private final TokenEndpoint endpoint;

	private final Clock clock;

	private final SourceAuth auth;

	private final Cache<String, CachedToken> byUser;

	JwtBearerCredentials(SourceAuth auth, TokenEndpoint endpoint, Clock clock) {
		if (auth.privateKey() == null || auth.subjectClaim() == null || auth.subjectClaim().isBlank()
				|| auth.assertionAudience() == null || auth.clientId() == null) {
			throw new IllegalArgumentException(
					"jwt-bearer credentials need client-id, private-key, subject-claim and assertion-audience");
		}
		this.auth = auth;
		this.subjectClaim = auth.subjectClaim();
		this.assertion = new JwtBearerAssertion(auth.clientId(), auth.assertionAudience(), auth.assertionLifetime());
		this.privateKey = SecretReference.of(auth.privateKey(), clock);
		this.endpoint = endpoint;
		this.clock = clock;
		this.byUser = Caffeine.newBuilder()
			.maximumSize(MAX_CALLERS)
			.expireAfterWrite(auth.defaultLifetime())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
	}

	@Override
	public Mono<Authorization> authorization() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull((context) -> (context.getAuthentication() instanceof JwtAuthenticationToken caller)
					? caller.getToken().getClaimAsString(this.subjectClaim) : null)
			.filter((user) -> !user.isBlank())
			.switchIfEmpty(Mono.error(() -> new SourceErrors.IdentityRefused(
					"the caller's token names no user of the department application")))
			.flatMap((user) -> this.byUser.get(user, this::cached).get())
			.map(ClientCredentials::authorization);
	}

	private CachedToken cached(String user) {
		// Reading the key and signing use the JCA (SecureRandom, providers loaded on
		// first
		// use), which may block: never on an event loop. Once per user and token
		// lifetime.
		return new CachedToken(() -> this.privateKey.value()
			.publishOn(Schedulers.boundedElastic())
			.map((pem) -> this.assertion.sign(user, JwtBearerAssertion.privateKey(pem), this.clock))
			.flatMap(this.endpoint::jwtBearer), this.auth.refreshBefore(), this.clock);
	}

	@Override
	public void rejected(Authorization stale) {
		if (stale.origin() instanceof AccessToken token) {
			this.byUser.asMap().values().forEach((cached) -> cached.rejected(token));
		}
	}

	@Override
	public String toString() {
		return "JwtBearerCredentials[subjectClaim=" + this.subjectClaim + ", privateKey=" + this.privateKey + "]";
	}

}
