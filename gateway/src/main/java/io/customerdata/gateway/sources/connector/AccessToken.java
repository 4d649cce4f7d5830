package io.customerdata.gateway.sources.connector;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A token from a source's token endpoint, with when it expires and, where the answer
 * names it, the base URL to call with it (Salesforce's {@code instance_url}).
 */
record AccessToken(String value, Instant expiresAt, @Nullable URI baseUrl) {

	@Override
	public String toString() {
		return "AccessToken[expiresAt=" + this.expiresAt + "]";
	}

}
