package io.customerdata.gateway.federation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.AuditBounds;
import io.customerdata.gateway.security.SubjectAuthentication;
import io.customerdata.gateway.sources.IdentityKeys;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /api/v1/customers/{reference}}: the unified customer view, and
 * {@code GET /api/v1/customers?…}: the federated search. The purpose comes from
 * {@code X-Purpose}, or is the caller's role's default. Each answer, and each refusal, is
 * an audit event, durable before the answer leaves.
 */
@RestController
class UnifiedCustomerController {

	static final int MAX_LIMIT = 50;

	private final CustomerViewService views;

	private final CustomerSearchService searches;

	private final AuditTrail audit;

	UnifiedCustomerController(CustomerViewService views, CustomerSearchService searches, AuditTrail audit) {
		this.views = views;
		this.searches = searches;
		this.audit = audit;
	}

	@GetMapping(path = "/api/v1/customers/{reference}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> customer(@PathVariable String reference,
			@RequestHeader(name = "X-Purpose", required = false) @Nullable String purpose,
			Authentication authentication, ServerWebExchange exchange) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			return Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject."));
		}
		if (reference.length() > AuditBounds.REFERENCE) {
			return Mono.error(GatewayProblem.tooLong("A customer reference", AuditBounds.REFERENCE));
		}
		AuditEvent.Builder event = AuditEvents.start(subject.subject(), "view", purpose, exchange);
		// A source's own id names the record even when the view is refused.
		this.views.namedRecord(reference).ifPresent((record) -> event.records(List.of(record)));
		List<String> disclosed = new ArrayList<>();
		return audited(this.views.view(subject.subject(), purpose, reference).map((view) -> {
			event.input(view.input());
			disclosed.addAll(view.disclosed());
			return view.body();
		}), event, (body) -> viewed(event, body, disclosed));
	}

	/**
	 * Exactly one of {@code email}, {@code phone} or {@code q}; {@code limit} 1 to 50.
	 */
	@GetMapping(path = "/api/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> search(@RequestParam @Nullable String email, @RequestParam @Nullable String phone,
			@RequestParam @Nullable String q, @RequestParam(defaultValue = "20") int limit,
			@RequestParam @Nullable String cursor,
			@RequestHeader(name = "X-Purpose", required = false) @Nullable String purpose,
			Authentication authentication, ServerWebExchange exchange) {
		if (!(authentication instanceof SubjectAuthentication subject)) {
			return Mono.error(GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject."));
		}
		AuditEvent.Builder event = AuditEvents.start(subject.subject(), "search", purpose, exchange);
		return audited(search(subject, email, phone, q, limit, cursor, purpose), event, (body) -> found(event, body));
	}

	private Mono<ObjectNode> search(SubjectAuthentication subject, @Nullable String email, @Nullable String phone,
			@Nullable String q, int limit, @Nullable String cursor, @Nullable String purpose) {
		if ((email != null && email.length() > AuditBounds.REFERENCE)
				|| (phone != null && phone.length() > AuditBounds.REFERENCE)) {
			return Mono.error(GatewayProblem.tooLong((email != null) ? "email" : "phone", AuditBounds.REFERENCE));
		}
		if (q != null && q.length() > AuditBounds.SEARCH_TEXT) {
			return Mono.error(GatewayProblem.tooLong("q", AuditBounds.SEARCH_TEXT));
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

	/**
	 * The answer leaves only once its audit event is durable; a refusal is audited too.
	 */
	private Mono<ObjectNode> audited(Mono<ObjectNode> answer, AuditEvent.Builder event,
			Function<ObjectNode, AuditEvent> disclosed) {
		return answer
			.onErrorResume(GatewayProblem.class,
					(problem) -> this.audit.record(AuditEvents.refused(event, problem)).then(Mono.error(problem)))
			.flatMap((body) -> this.audit.record(disclosed.apply(body)).thenReturn(body));
	}

	/**
	 * @param disclosed what each source disclosed in clear, as {@code source:field}, like
	 * the masked and withheld names
	 */
	private static AuditEvent viewed(AuditEvent.Builder event, ObjectNode body, List<String> disclosed) {
		JsonNode meta = body.path("_meta");
		List<String> records = new ArrayList<>();
		meta.path("linked_records")
			.forEach((r) -> records.add(r.path("source").asString() + ":" + r.path("id").asString()));
		return event.purpose(meta.path("purpose").asString(null))
			.records(records)
			.sources(statuses(meta.path("sources")))
			.fields(disclosed, names(meta.at("/fields/masked_fields")), names(meta.at("/fields/withheld_fields")))
			.decision(AuditEvent.ALLOW, "granted", meta.path("policy_version").asString(null),
					meta.path("decision_id").asString(null))
			.build(200);
	}

	private static AuditEvent found(AuditEvent.Builder event, ObjectNode body) {
		List<String> records = new ArrayList<>();
		Set<String> disclosed = new LinkedHashSet<>();
		for (JsonNode item : body.path("items")) {
			item.path("linked_records")
				.forEach((r) -> records.add(r.path("source").asString() + ":" + r.path("id").asString()));
			disclosed.addAll(AuditEvents.fieldNames(item, "reference", "linked_records"));
		}
		return event.purpose(body.at("/_meta/purpose").asString(null))
			.records(records)
			.sources(statuses(body.at("/_meta/sources")))
			.fields(List.copyOf(disclosed), List.of(), List.of())
			.decision(AuditEvent.ALLOW, "granted", null, null)
			.build(200);
	}

	private static Map<String, String> statuses(JsonNode sources) {
		Map<String, String> statuses = new LinkedHashMap<>();
		sources.properties().forEach((e) -> statuses.put(e.getKey(), e.getValue().path("status").asString()));
		return statuses;
	}

	private static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((name) -> names.add(name.asString()));
		return names;
	}

	private static String search(String q) {
		String text = q.strip();
		if (text.length() < 2) {
			throw GatewayProblem.badRequest("A search needs 2 to " + AuditBounds.SEARCH_TEXT + " characters.");
		}
		return text;
	}

	private static GatewayProblem invalid(String what) {
		return GatewayProblem.of(ProblemType.INVALID_REFERENCE, "Not a valid " + what + ".");
	}

}
