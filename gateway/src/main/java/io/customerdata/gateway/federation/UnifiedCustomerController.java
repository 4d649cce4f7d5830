package io.customerdata.gateway.federation;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.SubjectAuthentication;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/customers/{reference}}: the unified customer view. The purpose comes
 * from {@code X-Purpose}, or is the caller's role's default.
 */
@RestController
class UnifiedCustomerController {

	private final CustomerViewService views;

	UnifiedCustomerController(CustomerViewService views) {
		this.views = views;
	}

	@GetMapping(path = "/api/v1/customers/{reference}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> customer(@PathVariable String reference,
			@RequestHeader(name = "X-Purpose", required = false) @Nullable String purpose,
			Authentication authentication) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			return Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject."));
		}
		return this.views.view(subject.subject(), purpose, reference);
	}

}
