package io.customerdata.departments.saas;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.customerdata.departments.DepartmentProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The OAuth access tokens this imitated vendor has issued, each accepted until it
 * expires, and whom each acts as: the integration user (client credentials) or one named
 * user (a JWT bearer grant); and the checks of its client and API credentials.
 */
@Component
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
public class IssuedTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Session> sessions = new ConcurrentHashMap<>();

	private final DepartmentProperties.Saas saas;

	private final Clock clock = Clock.systemUTC();

	public IssuedTokens(DepartmentProperties department) {
		this.saas = department.saas();
	}

	/**
	 * Whom a token acts as, and until when.
	 *
	 * @param user the user it was issued for; none for the integration user, which may
	 * read every object
	 */
	public record Session(@Nullable String user, Instant expiry) {
	}

	/** A new token for a client that proved itself, or none. */
	public @Nullable String issue(@Nullable String clientId, @Nullable String clientSecret) {
		if (!this.saas.clientId().equals(clientId) || !this.saas.clientSecret().equals(clientSecret)) {
			return null;
		}
		return newSession(null);
	}

	/**
	 * A new token acting as one user, whose assertion the caller has already verified.
	 */
	public String issueFor(String user) {
		return newSession(user);
	}

	private String newSession(@Nullable String user) {
		this.sessions.values().removeIf((session) -> session.expiry().isBefore(this.clock.instant()));
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		this.sessions.put(token, new Session(user, this.clock.instant().plus(this.saas.tokenLifetime())));
		return token;
	}

	public long lifetimeSeconds() {
		return this.saas.tokenLifetime().toSeconds();
	}

	/**
	 * Whether an {@code Authorization} header carries a live token this vendor issued.
	 */
	public boolean bearerValid(@Nullable String authorization) {
		return session(authorization) != null;
	}

	/** The live session an {@code Authorization} header's token names, or none. */
	public @Nullable Session session(@Nullable String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return null;
		}
		Session session = this.sessions.get(authorization.substring(7));
		return (session != null && session.expiry().isAfter(this.clock.instant())) ? session : null;
	}

	/** Whether it carries the private-app or API token. */
	public boolean apiTokenValid(@Nullable String authorization) {
		return ("Bearer " + this.saas.apiToken()).equals(authorization);
	}

	/** Whether it carries Zendesk's {@code {email}/token:{api token}} in Basic. */
	public boolean basicApiTokenValid(@Nullable String authorization) {
		String expected = this.saas.apiUser() + "/token:" + this.saas.apiToken();
		return ("Basic " + java.util.Base64.getEncoder()
			.encodeToString(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8))).equals(authorization);
	}

}
