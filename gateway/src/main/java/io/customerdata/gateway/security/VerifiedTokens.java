package io.customerdata.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Tokens already verified, remembered by a hash of the token until they expire, as
 * Envoy's {@code jwt_authn} does: a caller's next request skips the signature check and
 * the parsing. A remembered token is validated again on every use (expiry, issuer,
 * audience), so an expired token is refused even if remembered; and it is remembered only
 * for the generation of {@link RealmKeys} that verified it, so once the realm withdraws a
 * key, tokens it signed are verified again, and refused.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	private static final long UNKNOWN = -1;

	private final ReactiveJwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> validator;

	private final RealmKeys keys;

	private final Cache<String, Verified> verified;

	private record Verified(Jwt jwt, long generation) {
	}

	VerifiedTokens(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, RealmKeys keys, int capacity,
			Duration clockSkew, Clock clock) {
		this.verifier = verifier;
		this.validator = validator;
		this.keys = keys;
		this.verified = Caffeine.newBuilder()
			.maximumSize(capacity)
			.expireAfter(Expiry.<String, Verified>creating((key, entry) -> {
				Instant expiresAt = entry.jwt().getExpiresAt();
				Duration left = (expiresAt != null) ? Duration.between(clock.instant(), expiresAt.plus(clockSkew))
						: Duration.ZERO;
				return left.isNegative() ? Duration.ZERO : left;
			}))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		String key = hash(token);
		// Keys that cannot be had: the verifier fails the token as it would uncached.
		return this.keys.generation().onErrorReturn(UNKNOWN).flatMap((generation) -> {
			Verified hit = this.verified.getIfPresent(key);
			if (hit != null && hit.generation() == generation && !this.validator.validate(hit.jwt()).hasErrors()) {
				return Mono.just(hit.jwt());
			}
			// Remembered for the generation from before verifying: a key withdrawn
			// meanwhile cannot leave behind a token that looks verified under the new
			// keys.
			return this.verifier.decode(token).doOnNext((jwt) -> {
				if (generation != UNKNOWN) {
					this.verified.put(key, new Verified(jwt, generation));
				}
			});
		});
	}

	private static String hash(String token) {
		try {
			return Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

}
