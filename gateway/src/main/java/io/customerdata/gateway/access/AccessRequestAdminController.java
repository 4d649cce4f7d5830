package io.customerdata.gateway.access;

import java.time.Instant;
import java.util.Arrays;

import io.customerdata.gateway.audit.AuditedRefusals;
import io.customerdata.gateway.policyadmin.StepComment;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.security.Subject;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /admin/access-requests}: the security officers' queue (role
 * {@code security-officer}, as all of {@code /admin/**}). Each request shows the
 * requester's attributes, their recent refusals of the fields, and what approving it
 * would add; officers approve, reject (saying why), promote to a role-wide draft, or
 * revoke a grant.
 */
@RestController
@ConditionalOnProperty(name = "gateway.policy.source", havingValue = "database", matchIfMissing = true)
@RequestMapping("/admin/access-requests")
class AccessRequestAdminController {

	static final int MAX_LIMIT = 500;

	private final AccessRequestSteps steps;

	private final AuditedRefusals refusals;

	private final RequestSimulation simulation;

	private final AccessRequestProperties properties;

	private final JsonMapper json;

	AccessRequestAdminController(AccessRequestSteps steps, AuditedRefusals refusals, RequestSimulation simulation,
			AccessRequestProperties properties, JsonMapper json) {
		this.steps = steps;
		this.refusals = refusals;
		this.simulation = simulation;
		this.properties = properties;
		this.json = json;
	}

	/** Newest first; {@code status} one of pending, approved, … or all when absent. */
	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> queue(@RequestParam(required = false) @Nullable String status,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			return Mono.error(GatewayProblem.badRequest("limit is 1 to " + MAX_LIMIT + "."));
		}
		AccessRequest.Status wanted;
		try {
			wanted = (status != null) ? AccessRequest.Status.of(status) : null;
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(GatewayProblem.badRequest("status is one of "
					+ Arrays.stream(AccessRequest.Status.values()).map(AccessRequest.Status::code).toList() + "."));
		}
		return AccessRequestSteps.blocking(() -> {
			Instant now = this.steps.requests().now();
			ObjectNode answer = this.json.createObjectNode();
			answer.put("approvals_required", this.properties.approvals());
			var items = answer.putArray("items");
			this.steps.requests().queue(wanted, limit).forEach((request) -> items.add(this.steps.view(request, now)));
			return answer;
		});
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> detail(@PathVariable String id) {
		return AccessRequestSteps.blocking(() -> {
			AccessRequest request = this.steps.requests().get(id);
			Instant now = this.steps.requests().now();
			ObjectNode answer = this.steps.view(request, now);
			answer.set("recent_refusals", this.json.valueToTree(this.refusals.recent(request.requester().username(),
					now.minus(this.properties.refusalsWindow()), request.fields(), 20)));
			ObjectNode simulated = answer.putObject("simulation");
			simulated.put("customer",
					(request.customer() != null) ? request.customer() : "any customer in the requester's region");
			var added = simulated.putArray("changes");
			this.simulation.simulate(request, now)
				.changed()
				.forEach((change) -> added.addObject()
					.put("source", change.source())
					.put("field", change.field())
					.put("now", change.active())
					.put("approved", change.draft())
					.put("change", change.change().code()));
			return answer;
		});
	}

	@PostMapping(path = "/{id}/{step:approve|reject|promote|revoke}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> decide(@PathVariable String id, @PathVariable String step,
			@RequestBody(required = false) @Nullable String body, Authentication authentication,
			ServerWebExchange exchange) {
		Subject officer = AccessRequestSteps.subject(authentication);
		@Nullable String comment = StepComment.of(body, this.json);
		AccessRequests requests = this.steps.requests();
		return this.steps.take(officer, exchange, () -> switch (step) {
			case "approve" -> requests.approve(officer, id, comment);
			case "reject" -> requests.reject(officer, id, comment);
			case "promote" -> requests.promote(officer, id, comment);
			default -> requests.revoke(officer, id, comment);
		}).map((request) -> this.steps.view(request, requests.now()));
	}

}
