package io.customerdata.gateway.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered identifiers (UUID version 7, RFC 9562) for decisions and disclosures. They
 * need to be unique and sortable by time, not unguessable, so they come from
 * {@link ThreadLocalRandom}: {@link UUID#randomUUID()} would seed a SecureRandom from the
 * file system, a blocking read on an event-loop thread.
 */
public final class TimeOrderedId {

	private TimeOrderedId() {
	}

	public static UUID next() {
		return at(System.currentTimeMillis());
	}

	static UUID at(long epochMillis) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
		long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
