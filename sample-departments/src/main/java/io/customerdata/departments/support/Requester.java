package io.customerdata.departments.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A person who has contacted the help desk, with their satisfaction and service level. A
 * user added through the API has only a name, an e-mail and perhaps a phone: no country,
 * organisation, region, custom fields, satisfaction or service level yet.
 *
 * @param customFields the desk's custom fields, e.g. {@code sensitivity}
 */
public record Requester(long id, String name, String email, @Nullable String phone, @Nullable String country,
		@Nullable String organization, @Nullable String region, List<String> tags, Map<String, String> customFields,
		@Nullable Csat csat, @Nullable Sla sla, Instant createdAt) {

	/** Customer satisfaction: average score of 1 to 5 over the survey responses. */
	public record Csat(double score, int responses) {
	}

	public record Sla(String plan, int firstResponseHours) {
	}

}
