package io.customerdata.gateway.access;

import java.time.Instant;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.security.Subject;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /api/v1/access-requests}: any caller files a request for fields the policy
 * withholds from them, and follows their own requests and grants. Nobody sees another's.
 */
@RestController
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
@RequestMapping("/api/v1/access-requests")
class AccessRequestController {

	static final String PATH = "/api/v1/access-requests";

	private final AccessRequestSteps steps;

	private final JsonMapper json;

	AccessRequestController(AccessRequestSteps steps, JsonMapper json) {
		this.steps = steps;
		this.json = json;
	}

	@PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ObjectNode>> file(@RequestBody(required = false) @Nullable String body,
			Authentication authentication, ServerWebExchange exchange) {
		Subject requester = AccessRequestSteps.subject(authentication);
		AccessRequestForm.Filed filed = filed(body);
		return this.steps.take(requester, exchange, () -> this.steps.requests().file(requester, filed))
			.map((request) -> ResponseEntity.status(HttpStatus.CREATED)
				.header(HttpHeaders.LOCATION, PATH + "/" + request.id())
				.body(this.steps.view(request, this.steps.requests().now())));
	}

	/** The caller's requests, newest first, each with its grant's state. */
	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> mine(Authentication authentication) {
		Subject subject = AccessRequestSteps.subject(authentication);
		return AccessRequestSteps.blocking(() -> {
			Instant now = this.steps.requests().now();
			ObjectNode answer = this.json.createObjectNode();
			var items = answer.putArray("items");
			this.steps.requests().mine(subject).forEach((request) -> items.add(this.steps.view(request, now)));
			return answer;
		});
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> one(@PathVariable String id, Authentication authentication) {
		Subject subject = AccessRequestSteps.subject(authentication);
		return AccessRequestSteps
			.blocking(() -> this.steps.view(this.steps.requests().mine(subject, id), this.steps.requests().now()));
	}

	private AccessRequestForm.Filed filed(@Nullable String body) {
		if (body == null || body.isBlank()) {
			throw GatewayProblem.badRequest("Send {\"fields\": [\"crm:sales.deals[].amount\"], \"purpose\": \"…\", "
					+ "\"justification\": \"…\", \"duration\": \"P1D\"}.");
		}
		try {
			return this.json.readValue(body, AccessRequestForm.Filed.class);
		}
		catch (JacksonException ex) {
			throw GatewayProblem.badRequest("The body is not a request: fields (a list of names), purpose, "
					+ "justification and duration (ISO 8601) as strings, customer optional.");
		}
	}

}
