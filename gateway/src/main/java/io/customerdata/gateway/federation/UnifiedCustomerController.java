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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/customers/{reference}}: the unified customer view. The purpose comes
 * from {@code X-Purpose}, or is the caller's role's default.
 */
@RestController
class UnifiedCustomerController {

	static final int MAX_LIMIT = 50;

	private final CustomerViewService views;

	private final CustomerSearchService searches;

	UnifiedCustomerController(CustomerViewService views, CustomerSearchService searches) {
		this.views = views;
		this.searches = searches;
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

	/**
	 * Exactly one of {@code email}, {@code phone} or {@code q}; {@code limit} 1 to 50.
	 */
	@GetMapping(path = "/api/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> search(@RequestParam @Nullable String email, @RequestParam @Nullable String phone,
			@RequestParam @Nullable String q, @RequestParam(defaultValue = "20") int limit,
			@RequestParam @Nullable String cursor,
			@RequestHeader(name = "X-Purpose", required = false) @Nullable String purpose,
			Authentication authentication) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			return Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject."));
		}
		long given = java.util.stream.Stream.of(email, phone, q).filter(java.util.Objects::nonNull).count();
		if (given != 1 || limit < 1 || limit > MAX_LIMIT) {
			return Mono.error(GatewayProblem
				.badRequest("Give exactly one of email, phone or q, and a limit of 1 to " + MAX_LIMIT + "."));
		}
		try {
			String key = (email != null) ? "email" : (phone != null) ? "phone" : "q";
			String value = (email != null) ? IdentityKeys.email(email).orElseThrow(() -> invalid("email"))
					: (phone != null) ? IdentityKeys.phone(phone, null).orElseThrow(() -> invalid("phone")) : search(q);
			return this.searches.search(subject.subject(), purpose, key, value, limit, cursor);
		}
		catch (GatewayProblem problem) {
			return Mono.error(problem);
		}
	}

	private static String search(String q) {
		String text = q.strip();
		if (text.length() < 2 || text.length() > 100) {
			throw GatewayProblem.badRequest("A search needs 2 to 100 characters.");
		}
		return text;
	}

	private static GatewayProblem invalid(String what) {
		return GatewayProblem.of(ProblemType.INVALID_REFERENCE, "Not a valid " + what + ".");
	}

}
