package io.customerdata.gateway.sources.connector;

import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.boot.ssl.pem.PemContent;

/**
 * The assertion of RFC 7523 §2.1 as Salesforce's OAuth 2.0 JWT bearer flow expects it:
 * RS256-signed, {@code iss} the connected app's consumer key, {@code sub} the user's name
 * in the application, {@code aud} its login URL, {@code exp} a short time ahead
 * (Salesforce accepts at most three minutes), and a {@code jti} so that no two assertions
 * are alike.
 *
 * @param issuer the client the application knows the gateway as
 * @param audience the authorization server the assertion is meant for
 * @param lifetime how long the assertion is valid
 */
record JwtBearerAssertion(String issuer, String audience, Duration lifetime) {

	/** The assertion for one user, valid from the clock's now. */
	String sign(String subject, PrivateKey key, Clock clock) {
		if (!(key instanceof RSAPrivateKey rsa)) {
			throw new TokenEndpoint.TokenUnavailable("the jwt-bearer private key is not an RSA key");
		}
		Instant now = clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject(subject)
			.audience(this.audience)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(rsa));
		}
		catch (JOSEException ex) {
			throw new TokenEndpoint.TokenUnavailable("the jwt-bearer assertion could not be signed");
		}
		return jwt.serialize();
	}

	/**
	 * The private key in a PEM text (PKCS#8, or PKCS#1 as older {@code openssl genrsa}
	 * writes it). The parser's own message is dropped: it is not needed to say which
	 * setting is wrong, and a key's text must never reach a log.
	 */
	static PrivateKey privateKey(String pem) {
		try {
			PrivateKey key = PemContent.of(pem).getPrivateKey();
			if (key == null) {
				throw new TokenEndpoint.TokenUnavailable("the jwt-bearer private key holds no private key");
			}
			return key;
		}
		catch (RuntimeException ex) {
			if (ex instanceof TokenEndpoint.TokenUnavailable) {
				throw ex;
			}
			throw new TokenEndpoint.TokenUnavailable("the jwt-bearer private key cannot be read as PEM");
		}
	}

}
