package io.customerdata.gateway.sources;

import java.util.Map;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.SubjectAuthentication;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /admin/sources/{source}/check}: calls the source once, as the gateway calls
 * it, and reports whether it authenticated, its status and latency, and which paths the
 * mapping reads are missing from its answer (see {@link SourceCheck}). For security
 * officers, like every {@code /admin} endpoint; audited as {@code source-check} with the
 * records it read, as its answer names none.
 */
@RestController
class SourceCheckController {

	private final SourceChecks checks;

	private final AuditTrail audit;

	SourceCheckController(SourceChecks checks, AuditTrail audit) {
		this.checks = checks;
		this.audit = audit;
	}

	@GetMapping(path = "/admin/sources/{source}/check", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> check(@PathVariable String source, Authentication authentication, ServerWebExchange exchange) {
		SourceCheck check = this.checks.get(source).orElse(null);
		if (check == null) {
			// The name is not echoed: it is the caller's, bounded only by the path.
			return Mono.error(GatewayProblem.of(ProblemType.NOT_FOUND, "No source of that name is configured."));
		}
		AuditEvent.Builder event = AuditEvents.start(((SubjectAuthentication) authentication).subject(), "source-check",
				null, exchange);
		return check.run()
			.flatMap((checked) -> this.audit
				.record(event.records(checked.records())
					.sources(Map.of(source, checked.outcome()))
					.decision(AuditEvent.NONE, null, null, null)
					.build(200))
				.thenReturn(checked.report()));
	}

}
