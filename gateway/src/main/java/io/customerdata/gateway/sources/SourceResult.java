package io.customerdata.gateway.sources;

import java.util.List;

/**
 * What asking one source gave.
 *
 * @param status {@code ok}, {@code timeout}, {@code circuit-open}, {@code rate-limited}
 * (the source throttles, or its request budget is spent), {@code error} (also a full
 * bulkhead, or no token from its token endpoint), {@code identity-refused} (the source
 * acts as its callers, and has no user of this caller's: it is not asked as anyone else),
 * {@code not-permitted} (not asked: the caller may see nothing of it) or
 * {@code not-asked} (permitted, but there was no identity key to look the customer up by)
 * @param truncated whether the source had more than was read (a page or a child result
 * beyond the lookup's caps): its records may be incomplete
 */
public record SourceResult(String source, String status, long latencyMillis, List<SourceRecord> records,
		boolean truncated) {

	/** A result with everything the source had. */
	public SourceResult(String source, String status, long latencyMillis, List<SourceRecord> records) {
		this(source, status, latencyMillis, records, false);
	}

	public static final String OK = "ok";

	public static final String NOT_PERMITTED = "not-permitted";

	public static final String NOT_ASKED = "not-asked";

	public static final String RATE_LIMITED = "rate-limited";

	public static final String REFUSED = "refused";

	public boolean asked() {
		return !this.status.equals(NOT_PERMITTED) && !this.status.equals(NOT_ASKED);
	}

	public boolean failed() {
		return asked() && !this.status.equals(OK);
	}

}
