package io.customerdata.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.customerdata.gateway.testing.LocalIssuer;
import io.customerdata.gateway.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache of verified tokens and the realm's keys behind it, against a JWKS served over
 * real HTTP, with a clock the test moves.
 */
class VerifiedTokensTests {

	private static final Duration REFRESH = Duration.ofMinutes(1);

	private LocalIssuer issuer;

	private MutableClock clock;

	private SecurityProperties properties;

	private RealmKeys keys;

	private final AtomicInteger verifications = new AtomicInteger();

	private ReactiveJwtDecoder decoder;

	@BeforeEach
	void start() throws Exception {
		this.issuer = new LocalIssuer();
		this.clock = new MutableClock(Instant.now());
		this.properties = new SecurityProperties(URI.create(this.issuer.issuer()), null, LocalIssuer.AUDIENCE,
				Duration.ofSeconds(30), List.of("RS256"), Duration.ofSeconds(2), REFRESH, 100);
		this.keys = JwtDecoderConfiguration.realmKeys(this.properties, this.clock);
		ReactiveJwtDecoder verifier = JwtDecoderConfiguration.verifier(this.properties, this.keys, this.clock);
		this.decoder = new VerifiedTokens((token) -> {
			this.verifications.incrementAndGet();
			return verifier.decode(token);
		}, JwtDecoderConfiguration.validator(this.properties, this.clock), this.keys, 100, Duration.ofSeconds(30),
				this.clock);
	}

	@AfterEach
	void stop() {
		this.issuer.close();
	}

	@Test
	void verifiesATokenOnceAndRemembersIt() {
		String token = alice();
		for (int i = 0; i < 3; i++) {
			accepts(token);
		}
		assertThat(this.verifications).hasValue(1);
		accepts(this.issuer.token("bob", "marketing-analyst", "marketing", "AMER"));
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void refusesARememberedTokenOnceItHasExpired() {
		Instant now = this.clock.instant();
		String token = this.issuer.token("alice", "sales-rep", "sales", "EMEA",
				(claims) -> claims.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(40))));
		accepts(token);
		this.clock.advance(Duration.ofSeconds(69));
		accepts(token); // within the 30 s of clock skew
		this.clock.advance(Duration.ofSeconds(2));
		refuses(token);
	}

	@Test
	void refusesARememberedTokenOnceTheRealmWithdrawsItsKey() {
		String signedWithOldKey = alice();
		accepts(signedWithOldKey);
		this.issuer.rotate();
		this.issuer.withdrawOldestKey();
		// Trusted until the keys are fetched again, at most REFRESH later.
		accepts(signedWithOldKey);
		this.clock.advance(REFRESH);
		refuses(signedWithOldKey);
		accepts(alice());
	}

	@Test
	void aRotatedKeyIsFetchedOnceHoweverManyTokensNameIt() {
		accepts(alice());
		int before = this.issuer.jwksFetches();
		this.issuer.rotate();
		List<String> tokens = Flux.range(0, 20).map((i) -> alice()).collectList().block();
		StepVerifier.create(Flux.fromIterable(tokens).flatMap(this.decoder::decode, 20))
			.expectNextCount(20)
			.verifyComplete();
		assertThat(this.issuer.jwksFetches()).isEqualTo(before + 1);
	}

	@Test
	void keepsTheLastKeysWhileTheRealmIsAwayAndRetriesLater() {
		accepts(alice());
		this.issuer.unavailable(true);
		this.clock.advance(REFRESH);
		int before = this.issuer.jwksFetches();
		accepts(alice());
		accepts(alice());
		assertThat(this.issuer.jwksFetches()).isEqualTo(before + 1);
		this.issuer.unavailable(false);
		this.clock.advance(Duration.ofSeconds(30));
		accepts(alice());
		assertThat(this.issuer.jwksFetches()).isEqualTo(before + 2);
	}

	@Test
	void rememberedTokensStillFailTheClaimChecks() {
		String forAnotherAudience = this.issuer.token("alice", "sales-rep", "sales", "EMEA",
				(claims) -> claims.audience("account"));
		refuses(forAnotherAudience);
		refuses(forAnotherAudience);
		assertThat(this.verifications).hasValue(2);
	}

	/** A new token each time (tokens of one second are otherwise the same). */
	private String alice() {
		return this.issuer.token("alice", "sales-rep", "sales", "EMEA",
				(claims) -> claims.jwtID(UUID.randomUUID().toString()));
	}

	private void accepts(String token) {
		StepVerifier.create(this.decoder.decode(token)).expectNextCount(1).verifyComplete();
	}

	private void refuses(String token) {
		StepVerifier.create(this.decoder.decode(token)).expectError(JwtException.class).verify(Duration.ofSeconds(5));
	}

}
