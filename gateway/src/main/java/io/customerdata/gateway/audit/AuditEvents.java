package io.customerdata.gateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.observability.TraceIds;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.Subject;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.web.server.ServerWebExchange;

/** How the gateway's endpoints describe their requests to the audit trail. */
public final class AuditEvents {

	private static final Set<ProblemType> POLICY_REFUSALS = Set.of(ProblemType.POLICY_DENIED,
			ProblemType.UNKNOWN_PURPOSE, ProblemType.PURPOSE_REQUIRED, ProblemType.POLICY_UNAVAILABLE);

	private AuditEvents() {
	}

	/** An event for this caller's request, stamped now. */
	public static AuditEvent.Builder start(Subject subject, String action, @Nullable String purpose,
			ServerWebExchange exchange) {
		return AuditEvent.of(subject.username(), action)
			.caller(subject.id(), subject.roles().stream().sorted().toList(), subject.clientId())
			.purpose(purpose)
			.traceId(TraceIds.of(exchange));
	}

	/** The event for a request that ended in a problem: refused by policy, or not. */
	public static AuditEvent refused(AuditEvent.Builder event, GatewayProblem problem) {
		// A refusal hidden as "not found" (gateway.policy.hide-existence) still carries
		// its reason, and is a refusal in the trail; a timeout or an unknown customer
		// decided nothing.
		String decision = (POLICY_REFUSALS.contains(problem.type()) || problem.refusedByPolicy()) ? AuditEvent.DENY
				: AuditEvent.NONE;
		return event.decision(decision, problem.reason(), null, null).build(problem.status().value());
	}

	/**
	 * The names of every value a document discloses, as paths ({@code customer.name},
	 * {@code sales.deals[].amount}).
	 * @param notData top-level properties about the answer, not customer data
	 * ({@code _meta})
	 */
	public static List<String> fieldNames(JsonNode document, String... notData) {
		Set<String> skipped = Set.of(notData);
		Set<String> names = new LinkedHashSet<>();
		for (Map.Entry<String, JsonNode> entry : document.properties()) {
			if (!skipped.contains(entry.getKey())) {
				collect(entry.getValue(), entry.getKey(), names);
			}
		}
		return new ArrayList<>(names);
	}

	private static void collect(JsonNode node, String path, Set<String> names) {
		if (node.isObject() && !node.isEmpty()) {
			node.properties().forEach((e) -> collect(e.getValue(), path + "." + e.getKey(), names));
		}
		else if (node.isArray() && node.size() > 0 && node.get(0).isContainer()) {
			node.forEach((element) -> collect(element, path + "[]", names));
		}
		else {
			names.add(path);
		}
	}

}
