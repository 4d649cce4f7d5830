package io.customerdata.gateway.federation;

import java.util.List;
import java.util.Map;

import io.customerdata.gateway.sources.SourceRecord;
import io.customerdata.gateway.sources.SourceResult;

/**
 * Everything identity resolution found.
 *
 * @param results per source, in configuration order: what asking it gave
 * @param records every linked record, in configuration order
 */
public record Resolution(Map<String, SourceResult> results, List<SourceRecord> records) {

	/** Every source that was asked failed, so no answer is not an answer. */
	public boolean allAskedFailed() {
		return this.results.values()
			.stream()
			.filter((r) -> !r.status().equals(SourceResult.NOT_PERMITTED))
			.allMatch(SourceResult::failed);
	}

}
