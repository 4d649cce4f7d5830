package io.customerdata.gateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Keycloak realm in tests that need no Keycloak: a JWKS served over
 * real HTTP, shaped like Keycloak's (a signing and an encryption key), and Keycloak-like
 * tokens signed with its current key. Keys can be rotated while it runs.
 */
public final class LocalIssuer implements AutoCloseable {

	public static final String AUDIENCE = "customer-gateway";

	private final HttpServer server;

	private final List<RSAKey> signingKeys = new ArrayList<>();

	private final RSAKey encryptionKey = generate(KeyUse.ENCRYPTION);

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private volatile boolean unavailable;

	public LocalIssuer() throws IOException {
		this.signingKeys.add(generate(KeyUse.SIGNATURE));
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/realms/test/protocol/openid-connect/certs", (exchange) -> {
			this.jwksFetches.incrementAndGet();
			if (this.unavailable) {
				exchange.sendResponseHeaders(503, -1);
				exchange.close();
				return;
			}
			byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	public String issuer() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/realms/test";
	}

	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/**
	 * Publishes a new signing key and signs with it from now on; the old key stays
	 * published.
	 */
	public synchronized void rotate() {
		this.signingKeys.add(generate(KeyUse.SIGNATURE));
	}

	/**
	 * Withdraws the oldest signing key from the JWKS, as a realm does after a rotation or
	 * when a key is compromised.
	 */
	public synchronized void withdrawOldestKey() {
		if (this.signingKeys.size() < 2) {
			throw new IllegalStateException("rotate first: the realm keeps one signing key");
		}
		this.signingKeys.removeFirst();
	}

	/** The JWKS answers 503 while unavailable, as a realm that is away. */
	public void unavailable(boolean unavailable) {
		this.unavailable = unavailable;
	}

	/**
	 * A token for a user, as Keycloak would issue it; the customiser may change any
	 * claim.
	 */
	public String token(String username, String role, String department, String region,
			Consumer<JWTClaimsSet.Builder> customiser) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer())
			.subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.claim("azp", "customer-gateway-demo")
			.claim("preferred_username", username)
			.claim("realm_access", Map.of("roles", List.of(role)))
			.claim("department", department)
			.claim("region", region);
		customiser.accept(claims);
		return sign(claims.build());
	}

	public String token(String username, String role, String department, String region) {
		return token(username, role, department, region, (claims) -> {
		});
	}

	/**
	 * The same claims signed with a shared secret: an HMAC token the gateway must refuse.
	 */
	public String hmacToken(String username) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
					claimsOf(token(username, "sales-rep", "sales", "EMEA")));
			jwt.sign(new MACSigner("a-shared-secret-that-is-at-least-256-bits-long!!"));
			return jwt.serialize();
		}
		catch (JOSEException | java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The same claims with {@code alg: none} and no signature. */
	public String unsignedToken(String username) {
		String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
		String payload = token(username, "sales-rep", "sales", "EMEA").split("\\.")[1];
		return header + "." + payload + ".";
	}

	private synchronized String sign(JWTClaimsSet claims) {
		RSAKey key = this.signingKeys.getLast();
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWTClaimsSet claimsOf(String token) throws java.text.ParseException {
		return SignedJWT.parse(token).getJWTClaimsSet();
	}

	private synchronized String jwks() {
		List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>(
				this.signingKeys.stream().map(RSAKey::toPublicJWK).toList());
		keys.add(this.encryptionKey.toPublicJWK());
		return new JWKSet(keys).toString();
	}

	private static RSAKey generate(KeyUse use) {
		try {
			return new RSAKeyGenerator(2048).keyUse(use).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
