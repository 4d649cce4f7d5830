package io.customerdata.gateway.policyadmin;

import java.util.Optional;

import io.customerdata.gateway.problem.GatewayProblem;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of an officer's step ({@code {"comment": "…"}}), on a policy version or an
 * access request: the comment, or none.
 */
public final class StepComment {

	private StepComment() {
	}

	/**
	 * @throws GatewayProblem {@code bad-request} for a body that is not JSON
	 */
	public static @Nullable String of(@Nullable String body, JsonMapper json) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return Optional.ofNullable(json.readTree(body).get("comment"))
				.filter(JsonNode::isString)
				.map(JsonNode::asString)
				.orElse(null);
		}
		catch (JacksonException ex) {
			throw GatewayProblem.badRequest("The body is {\"comment\": \"…\"}.");
		}
	}

}
