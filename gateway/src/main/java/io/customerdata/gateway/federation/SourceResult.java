package io.customerdata.gateway.federation;

import java.util.List;

/**
 * What asking one source gave.
 *
 * @param status {@code ok}, {@code timeout}, {@code circuit-open}, {@code error} (also a
 * full bulkhead) or {@code not-permitted} (not asked: the caller may see nothing of it)
 */
public record SourceResult(String source, String status, long latencyMillis, List<SourceRecord> records) {

	public static final String OK = "ok";

	public static final String NOT_PERMITTED = "not-permitted";

	public boolean failed() {
		return !this.status.equals(OK) && !this.status.equals(NOT_PERMITTED);
	}

}
