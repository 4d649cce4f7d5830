package io.customerdata.gateway.policyadmin;

import java.util.Optional;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.security.AuditBounds;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of an officer's step ({@code {"comment": "…"}}), on a policy version or an
 * access request: the comment, or none. A comment is kept for the record, so it is no
 * longer than the audit bounds allow ({@link AuditBounds#FREE_TEXT}).
 */
public final class StepComment {

	private StepComment() {
	}

	/**
	 * @throws GatewayProblem {@code bad-request} for a body that is not JSON,
	 * {@code value-too-long} for a comment longer than the bound
	 */
	public static @Nullable String of(@Nullable String body, JsonMapper json) {
		if (body == null || body.isBlank()) {
			return null;
		}
		String comment;
		try {
			comment = Optional.ofNullable(json.readTree(body).get("comment"))
				.filter(JsonNode::isString)
				.map(JsonNode::asString)
				.orElse(null);
		}
		catch (JacksonException ex) {
			throw GatewayProblem.badRequest("The body is {\"comment\": \"…\"}.");
		}
		if (comment != null && comment.length() > AuditBounds.FREE_TEXT) {
			throw GatewayProblem.tooLong("A comment", AuditBounds.FREE_TEXT);
		}
		return comment;
	}

}
