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
 * expires; and the checks of its client and API credentials.
 */
@Component
@ConditionalOnProperty(name = "department.dialect", havingValue = "saas")
public class IssuedTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

	private final DepartmentProperties.Saas saas;

	private final Clock clock = Clock.systemUTC();

	public IssuedTokens(DepartmentProperties department) {
		this.saas = department.saas();
	}

	/** A new token for a client that proved itself, or none. */
	public @Nullable String issue(@Nullable String clientId, @Nullable String clientSecret) {
		if (!this.saas.clientId().equals(clientId) || !this.saas.clientSecret().equals(clientSecret)) {
			return null;
		}
		this.expiries.values().removeIf((expiry) -> expiry.isBefore(this.clock.instant()));
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String token = HexFormat.of().formatHex(bytes);
		this.expiries.put(token, this.clock.instant().plus(this.saas.tokenLifetime()));
		return token;
	}

	public long lifetimeSeconds() {
		return this.saas.tokenLifetime().toSeconds();
	}

	/**
	 * Whether an {@code Authorization} header carries a live token this vendor issued.
	 */
	public boolean bearerValid(@Nullable String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return false;
		}
		Instant expiry = this.expiries.get(authorization.substring(7));
		return expiry != null && expiry.isAfter(this.clock.instant());
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
