package io.customerdata.departments.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A person who has contacted the help desk, with their satisfaction and service level.
 *
 * @param customFields the desk's custom fields, e.g. {@code sensitivity}
 */
public record Requester(long id, String name, String email, @Nullable String phone, String country, String organization,
		String region, List<String> tags, Map<String, String> customFields, Csat csat, Sla sla, Instant createdAt) {

	/** Customer satisfaction: average score of 1 to 5 over the survey responses. */
	public record Csat(double score, int responses) {
	}

	public record Sla(String plan, int firstResponseHours) {
	}

}
