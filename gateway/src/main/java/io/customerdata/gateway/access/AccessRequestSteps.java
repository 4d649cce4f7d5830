package io.customerdata.gateway.access;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.Subject;
import io.customerdata.gateway.security.SubjectAuthentication;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;

/**
 * What both controllers share: a step taken on a worker thread, audited as
 * {@code request-<what>} (durable before the answer leaves), grants republished on this
 * replica at once, the step announced; and how a request is shown.
 */
final class AccessRequestSteps {

	private final AccessRequests requests;

	private final AuditTrail audit;

	private final AccessRequestWebhook webhook;

	private final GrantPublisher publisher;

	private final JsonMapper json;

	AccessRequestSteps(AccessRequests requests, AuditTrail audit, AccessRequestWebhook webhook,
			GrantPublisher publisher, JsonMapper json) {
		this.requests = requests;
		this.audit = audit;
		this.webhook = webhook;
		this.publisher = publisher;
		this.json = json;
	}

	AccessRequests requests() {
		return this.requests;
	}

	Mono<AccessRequest> take(Subject actor, ServerWebExchange exchange, Callable<AccessRequests.Step> work) {
		return blocking(work).flatMap((step) -> {
			AccessRequest request = step.request();
			AuditEvent event = AuditEvents.start(actor, "request-" + step.what(), request.purpose(), exchange)
				.records((request.customer() != null) ? List.of(request.customer()) : List.of())
				.decision(AuditEvent.NONE, request.status().code(), null, request.id())
				.build(200);
			return this.audit.record(event).then(blocking(() -> {
				if (step.what().equals("approved") || step.what().equals("revoked")) {
					// This replica at once; the others within their poll interval.
					this.publisher.publishNow();
				}
				announce(step);
				return request;
			}));
		});
	}

	void announce(AccessRequests.Step step) {
		String type = switch (step.what()) {
			case "created" -> "access-request.created";
			case "expired" -> "access-request.expired";
			case "endorsed" -> "access-request.endorsed";
			case "revoked" -> "access-grant.revoked";
			default -> "access-request.decided";
		};
		this.webhook.announce(type, step.request());
	}

	/**
	 * A request as the API shows it, with its grant's state: {@code in-force},
	 * {@code expired} or {@code revoked} (absent while there is no grant).
	 */
	ObjectNode view(AccessRequest request, Instant now) {
		ObjectNode node = this.json.valueToTree(request);
		node.put("duration", AccessHints.iso(request.duration()));
		String grant = switch (request.status()) {
			case APPROVED -> request.grantInForce(now) ? "in-force" : "expired";
			case REVOKED -> "revoked";
			default -> null;
		};
		if (grant != null) {
			node.put("grant_state", grant);
		}
		return node;
	}

	static Subject subject(Authentication authentication) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			throw GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject.");
		}
		return subject.subject();
	}

	static <T> Mono<T> blocking(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
	}

}
