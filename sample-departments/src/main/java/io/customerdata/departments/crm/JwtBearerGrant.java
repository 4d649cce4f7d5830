package io.customerdata.departments.crm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.customerdata.departments.DepartmentProperties;
import io.customerdata.departments.saas.IssuedTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Salesforce's OAuth 2.0 JWT bearer flow, as its token endpoint checks it: the assertion
 * is RS256-signed with the key of the connected app's certificate, its {@code iss} is the
 * consumer key, its {@code aud} the login URL, its {@code exp} in the future but at most
 * three minutes ahead, and its {@code sub} a known user. The token issued acts as that
 * user, with no refresh token and no {@code expires_in}. Each refusal is the 400 and the
 * {@code error}/{@code error_description} Salesforce answers.
 */
@Component
@ConditionalOnProperty(name = "department.name", havingValue = "crm")
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
class JwtBearerGrant {

	static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	/** How far ahead Salesforce accepts an assertion's expiry. */
	static final Duration MAX_VALIDITY = Duration.ofMinutes(3);

	private final DepartmentProperties.Saas saas;

	private final IssuedTokens tokens;

	/** The users' names, in configuration order: a user's id is their position. */
	private final List<String> users;

	private final @Nullable RSAPublicKey certificateKey;

	private final Clock clock = Clock.systemUTC();

	JwtBearerGrant(DepartmentProperties department, IssuedTokens tokens) {
		DepartmentProperties.Saas saas = department.saas();
		this.saas = saas;
		this.tokens = tokens;
		this.users = saas.users().stream().map(DepartmentProperties.SaasUser::username).toList();
		this.certificateKey = (saas.connectedAppCertificate() != null) ? rsaKey(saas) : null;
	}

	/**
	 * The token endpoint's answer to an assertion.
	 * @param instanceUrl the URL API calls go to
	 */
	ResponseEntity<Map<String, String>> exchange(@Nullable String assertion, String instanceUrl) {
		SignedJWT jwt;
		JWTClaimsSet claims;
		try {
			jwt = SignedJWT.parse((assertion != null) ? assertion : "");
			claims = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			return refused("invalid_grant", "invalid assertion");
		}
		if (!this.saas.clientId().equals(claims.getIssuer())) {
			return refused("invalid_client_id", "client identifier invalid");
		}
		if (!signedByTheConnectedApp(jwt)) {
			return refused("invalid_grant", "invalid assertion");
		}
		if (claims.getAudience() == null || !claims.getAudience().contains(this.saas.loginUrl())) {
			return refused("invalid_grant", "audience is invalid");
		}
		Instant now = this.clock.instant();
		Date expiry = claims.getExpirationTime();
		if (expiry == null || !expiry.toInstant().isAfter(now)) {
			return refused("invalid_grant", "expired authorization code");
		}
		if (expiry.toInstant().isAfter(now.plus(MAX_VALIDITY))) {
			return refused("invalid_grant", "invalid assertion");
		}
		String user = claims.getSubject();
		int position = (user != null) ? this.users.indexOf(user) : -1;
		if (user == null || position < 0) {
			return refused("invalid_grant", "user hasn't approved this consumer");
		}
		Map<String, String> answer = new LinkedHashMap<>();
		answer.put("access_token", this.tokens.issueFor(user));
		answer.put("scope", "api");
		answer.put("instance_url", instanceUrl);
		answer.put("id",
				instanceUrl + "/id/00DQ000000000001AAA/" + SalesforceRecords.id("005", String.valueOf(position + 1)));
		answer.put("token_type", "Bearer");
		return ResponseEntity.ok(answer);
	}

	private boolean signedByTheConnectedApp(SignedJWT jwt) {
		if (this.certificateKey == null || !JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
			return false;
		}
		try {
			return jwt.verify(new RSASSAVerifier(this.certificateKey));
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private static ResponseEntity<Map<String, String>> refused(String error, String description) {
		return ResponseEntity.badRequest().body(Map.of("error", error, "error_description", description));
	}

	private static RSAPublicKey rsaKey(DepartmentProperties.Saas saas) {
		try {
			PublicKey key = PemContent.load(saas.connectedAppCertificate()).getCertificates().get(0).getPublicKey();
			if (!(key instanceof RSAPublicKey rsa)) {
				throw new IllegalStateException("the connected app's certificate holds no RSA key");
			}
			return rsa;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the connected app's certificate cannot be read", ex);
		}
	}

}
