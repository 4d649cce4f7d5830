package io.customerdata.gateway.sources.connector;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.customerdata.gateway.testing.DemoKeys;
import io.customerdata.gateway.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The assertion the gateway signs for Salesforce's JWT bearer flow: its claims, its
 * signature (verifiable with the connected app's public key only), and its expiry.
 */
class JwtBearerAssertionTests {

	static final KeyPair KEYS = DemoKeys.rsa();

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));

	final JwtBearerAssertion assertion = new JwtBearerAssertion("3MVG9-consumer-key", "https://login.salesforce.com",
			Duration.ofMinutes(3));

	@Test
	void namesTheConnectedAppTheUserAndTheLoginUrl() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.assertion.sign("alice@crm.example", KEYS.getPrivate(), this.clock));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("3MVG9-consumer-key");
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice@crm.example");
		assertThat(jwt.getJWTClaimsSet().getAudience()).isEqualTo(List.of("https://login.salesforce.com"));
		assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
	}

	@Test
	void expiresWithinItsLifetimeFromNow() throws Exception {
		this.clock.advance(Duration.ofHours(5));
		SignedJWT jwt = SignedJWT.parse(this.assertion.sign("alice@crm.example", KEYS.getPrivate(), this.clock));

		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(3)));
		assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(this.clock.instant());
	}

	@Test
	void isVerifiedByThePublicKeyAndNoOther() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.assertion.sign("alice@crm.example", KEYS.getPrivate(), this.clock));

		assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) KEYS.getPublic()))).isTrue();
		assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) DemoKeys.rsa().getPublic()))).isFalse();
	}

	@Test
	void twoAssertionsForOneUserDiffer() {
		assertThat(this.assertion.sign("alice@crm.example", KEYS.getPrivate(), this.clock))
			.isNotEqualTo(this.assertion.sign("alice@crm.example", KEYS.getPrivate(), this.clock));
	}

	@Test
	void readsAPemPrivateKeyAndRefusesAnythingElseWithoutQuotingIt() {
		assertThat(JwtBearerAssertion.privateKey(DemoKeys.privateKeyPem(KEYS))).isEqualTo(KEYS.getPrivate());
		String notAKey = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5\n-----END PRIVATE KEY-----\n";
		assertThatThrownBy(() -> JwtBearerAssertion.privateKey(notAKey))
			.isInstanceOf(TokenEndpoint.TokenUnavailable.class)
			.hasMessageNotContaining("bm90LWEta2V5");
	}

}
