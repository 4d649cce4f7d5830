package io.customerdata.gateway.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The realm's signing keys, as its JWKS publishes them: fetched for the first token,
 * again when a token names a key id the set lacks (the realm rotated its keys), and once
 * the set is older than {@code jwks-refresh}, so that a key the realm withdrew stops
 * being trusted within that time. Callers arriving while the keys are fetched share that
 * one fetch. If a refresh fails, the keys in hand serve on and the next attempt waits 30
 * s, so a realm that is briefly away neither locks everyone out nor slows every request
 * down.
 *
 * <p>
 * Each change of the published set starts a new generation: what {@link VerifiedTokens}
 * remembers belongs to one generation and is not used in another.
 */
final class RealmKeys {

	private static final Logger log = LoggerFactory.getLogger(RealmKeys.class);

	private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

	private final Supplier<Mono<String>> download;

	private final Duration refresh;

	private final Clock clock;

	private final AtomicReference<@Nullable Mono<Keys>> fetching = new AtomicReference<>();

	private volatile @Nullable Keys keys;

	/** A published key set, when to fetch it again, and its generation. */
	private record Keys(JWKSet set, String published, Instant refreshAt, long generation) {
	}

	/**
	 * @param download the JWKS document, as published
	 */
	RealmKeys(Supplier<Mono<String>> download, Duration refresh, Clock clock) {
		this.download = download;
		this.refresh = refresh;
		this.clock = clock;
	}

	/** The keys that may have signed this token (by key id, type, use and algorithm). */
	Flux<JWK> select(SignedJWT jwt) {
		JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
		if (matcher == null) {
			return Flux.empty();
		}
		JWKSelector selector = new JWKSelector(matcher);
		String keyId = jwt.getHeader().getKeyID();
		return current()
			.flatMap((held) -> (keyId != null && held.set().getKeyByKeyId(keyId) == null) ? fetch() : Mono.just(held))
			.flatMapIterable((held) -> selector.select(held.set()));
	}

	/**
	 * The generation of the keys in force, fetching them first if they are due: changes
	 * whenever the published set does.
	 */
	Mono<Long> generation() {
		return current().map(Keys::generation);
	}

	private Mono<Keys> current() {
		return Mono.defer(() -> {
			Keys held = this.keys;
			return (held != null && this.clock.instant().isBefore(held.refreshAt())) ? Mono.just(held) : fetch();
		});
	}

	private Mono<Keys> fetch() {
		while (true) {
			Mono<Keys> running = this.fetching.get();
			if (running != null) {
				return running;
			}
			Mono<Keys> next = this.download.get()
				.map(this::adopt)
				.onErrorResume(this::keepOnFailure)
				.doFinally((signal) -> this.fetching.set(null))
				.cache();
			if (this.fetching.compareAndSet(null, next)) {
				return next;
			}
		}
	}

	private Keys adopt(String document) {
		JWKSet set;
		try {
			set = JWKSet.parse(document);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The realm's JWKS is not a JWK set", ex);
		}
		String published = set.toPublicJWKSet().toString();
		Keys held = this.keys;
		long generation = (held == null) ? 1
				: held.published().equals(published) ? held.generation() : held.generation() + 1;
		Keys adopted = new Keys(set, published, this.clock.instant().plus(this.refresh), generation);
		this.keys = adopted;
		return adopted;
	}

	private Mono<Keys> keepOnFailure(Throwable failure) {
		Keys held = this.keys;
		if (held == null) {
			return Mono.error(failure);
		}
		// The class says enough; a message could carry the realm's address details.
		log.warn("The realm's signing keys could not be refreshed ({}); the current ones serve for {}",
				failure.getClass().getSimpleName(), RETRY_AFTER_FAILURE);
		Keys kept = new Keys(held.set(), held.published(), this.clock.instant().plus(RETRY_AFTER_FAILURE),
				held.generation());
		this.keys = kept;
		return Mono.just(kept);
	}

}
