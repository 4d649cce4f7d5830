package io.customerdata.gateway.audit;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a security officer looks for; every criterion is optional.
 *
 * @param records events concerning any of these customer records ({@code source:id});
 * {@code null} for any, empty for none
 * @param after continue after this position (the cursor), newest first
 */
record AuditQuery(@Nullable List<String> records, @Nullable String subject, @Nullable String purpose,
		@Nullable String decision, @Nullable Instant from, @Nullable Instant to, @Nullable Position after) {

	/** An event's place in the newest-first order. */
	record Position(Instant time, java.util.UUID id) {
	}

}
