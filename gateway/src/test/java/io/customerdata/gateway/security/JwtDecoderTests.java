package io.customerdata.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import io.customerdata.gateway.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The token checks, against a JWKS served over real HTTP. */
class JwtDecoderTests {

	static LocalIssuer issuer;

	static ReactiveJwtDecoder decoder;

	@BeforeAll
	static void start() throws Exception {
		issuer = new LocalIssuer();
		decoder = new JwtDecoderConfiguration().jwtDecoder(
				new SecurityProperties(URI.create(issuer.issuer()), null, LocalIssuer.AUDIENCE, Duration.ofSeconds(30),
						List.of("RS256", "ES256"), Duration.ofSeconds(2), Duration.ofMinutes(5), 100));
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@Test
	void acceptsAValidToken() {
		StepVerifier.create(decoder.decode(issuer.token("alice", "sales-rep", "sales", "EMEA")))
			.assertNext((jwt) -> assertThat(jwt.getClaimAsString("department")).isEqualTo("sales"))
			.verifyComplete();
	}

	@Test
	void rejectsAnExpiredTokenButToleratesSmallSkew() {
		Instant now = Instant.now();
		rejects(issuer.token("alice", "sales-rep", "sales", "EMEA",
				(c) -> c.issueTime(Date.from(now.minusSeconds(120))).expirationTime(Date.from(now.minusSeconds(31)))));
		StepVerifier
			.create(decoder.decode(
					issuer
						.token("alice", "sales-rep", "sales", "EMEA",
								(c) -> c.issueTime(Date.from(now.minusSeconds(120)))
									.expirationTime(Date.from(now.minusSeconds(10))))))
			.expectNextCount(1)
			.verifyComplete();
	}

	@Test
	void rejectsATokenWithoutExpiry() {
		rejects(issuer.token("alice", "sales-rep", "sales", "EMEA", (c) -> c.expirationTime(null)));
	}

	@Test
	void rejectsAWrongAudience() {
		rejects(issuer.token("alice", "sales-rep", "sales", "EMEA", (c) -> c.audience("account")));
		rejects(issuer.token("alice", "sales-rep", "sales", "EMEA", (c) -> c.audience((String) null)));
	}

	@Test
	void rejectsAWrongIssuer() {
		rejects(issuer.token("alice", "sales-rep", "sales", "EMEA",
				(c) -> c.issuer("http://127.0.0.1:1/realms/elsewhere")));
	}

	@Test
	void rejectsHmacAndUnsignedTokens() {
		rejects(issuer.hmacToken("alice"));
		rejects(issuer.unsignedToken("alice"));
	}

	@Test
	void rejectsATamperedPayload() {
		String[] parts = issuer.token("alice", "sales-rep", "sales", "EMEA").split("\\.");
		String forged = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"sales\"", "\"support\"")
						.getBytes());
		rejects(parts[0] + "." + forged + "." + parts[2]);
	}

	@Test
	void picksUpARotatedKeyWithoutRestart() {
		StepVerifier.create(decoder.decode(issuer.token("bob", "marketing-analyst", "marketing", "AMER")))
			.expectNextCount(1)
			.verifyComplete();
		int fetchesBefore = issuer.jwksFetches();
		issuer.rotate();
		StepVerifier.create(decoder.decode(issuer.token("bob", "marketing-analyst", "marketing", "AMER")))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(issuer.jwksFetches()).isEqualTo(fetchesBefore + 1);
	}

	private static void rejects(String token) {
		StepVerifier.create(decoder.decode(token)).expectError(JwtException.class).verify(Duration.ofSeconds(5));
	}

}
