package io.customerdata.gateway.disclosure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The secret behind pseudonyms. Bound from configuration like any value, but never
 * printed: {@link #toString()} is redacted, so properties dumps and logs cannot leak it.
 */
public final class PseudonymKey {

	private final byte[] bytes;

	public PseudonymKey(String secret) {
		if (secret.length() < 16) {
			throw new IllegalArgumentException("the pseudonym key needs at least 16 characters");
		}
		this.bytes = secret.getBytes(StandardCharsets.UTF_8);
	}

	byte[] bytes() {
		return Arrays.copyOf(this.bytes, this.bytes.length);
	}

	@Override
	public String toString() {
		return "PseudonymKey[redacted]";
	}

}
