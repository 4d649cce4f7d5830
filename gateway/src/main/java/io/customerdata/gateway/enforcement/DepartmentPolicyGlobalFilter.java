package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.disclosure.EnforcementProperties;
import io.customerdata.gateway.policy.AccessHints;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.policy.PolicyDecisionPoint;
import io.customerdata.gateway.policy.PolicyInput;
import io.customerdata.gateway.policy.PolicyRefusals;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemResponses;
import io.customerdata.gateway.problem.ProblemType;
import io.customerdata.gateway.security.Subject;
import io.customerdata.gateway.security.SubjectAuthentication;
import io.customerdata.gateway.sources.FederationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The policy on {@code /api/v1/departments/{source}/**}, in place of a department check:
 * <ul>
 * <li>before the call: the caller's best-case decision must disclose something of the
 * source (a grant, or their own department's), the source must declare the operation
 * ({@link PassThroughOperations}; a query endpoint's query is made to select what the
 * decision needs), and only the department in charge of a source changes its data;</li>
 * <li>on the answer: JSON is enforced field by field and record by record
 * ({@link PassThroughEnforcer}); anything else, which cannot be filtered, is refused
 * where it may hold records (a non-empty answer from a source whose records have ids),
 * and otherwise reaches only callers who may see all of the source's unclassified fields.
 * An answer that is neither 2xx nor an error (a 3xx, a 304) is a 502.</li>
 * </ul>
 * Departments are asked for JSON, uncompressed, and a read for the whole current document
 * (no preconditions, no ranges); {@code HEAD} is 405, as its answer has no body to decide
 * records on. The answer says what was held back in {@code X-Fields-Masked},
 * {@code X-Fields-Withheld}, and under which policy version.
 */
@Component
class DepartmentPolicyGlobalFilter implements GlobalFilter, Ordered {

	/**
	 * The methods the route answers. Not {@code HEAD}: its answer has no body, so no
	 * record in it is decided, and its status would tell a hidden record from an unknown
	 * one. Ordered, so that the {@code Allow} header of a 405 reads the same every time.
	 */
	private static final Set<HttpMethod> ANSWERED = Collections.unmodifiableSet(new LinkedHashSet<>(
			List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)));

	/**
	 * Request headers a read is sent without: with them a department answers 304 or part
	 * of a document, neither of which can be enforced record by record, and whether a
	 * precondition holds tells something of a record nobody decided on.
	 */
	private static final List<String> CONDITIONS = List.of(HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE,
			HttpHeaders.IF_MATCH, HttpHeaders.IF_UNMODIFIED_SINCE, HttpHeaders.IF_RANGE, HttpHeaders.RANGE,
			// Salesforce's batch size: like a LIMIT, whether a record the
			// caller may not see took a place in the batch would show.
			"Sforce-Query-Options");

	private final PolicyDecisionPoint policy;

	private final PassThroughEnforcer enforcer;

	private final FederationProperties federation;

	private final AuditTrail audit;

	private final AccessHints hints;

	private final PassThroughOperations operations;

	private final AnswerEnforcement answers;

	DepartmentPolicyGlobalFilter(PolicyDecisionPoint policy, PassThroughEnforcer enforcer,
			FederationProperties federation, ProblemResponses problems, JsonMapper json,
			EnforcementProperties properties, AuditTrail audit, MeterRegistry meters, AccessHints hints,
			PassThroughOperations operations) {
		this.policy = policy;
		this.enforcer = enforcer;
		this.federation = federation;
		this.audit = audit;
		this.hints = hints;
		this.operations = operations;
		this.answers = new AnswerEnforcement(enforcer, federation, problems, json,
				Math.toIntExact(properties.maxResponseSize().toBytes()), audit, meters);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String source = (route != null) ? (String) route.getMetadata().get(DepartmentRoutes.SOURCE) : null;
		if (source == null) {
			return chain.filter(exchange);
		}
		HttpMethod method = exchange.getRequest().getMethod();
		if (!ANSWERED.contains(method)) {
			return Mono.error(new MethodNotAllowedException(method, ANSWERED));
		}
		return exchange.getPrincipal()
			.filter(SubjectAuthentication.class::isInstance)
			.map((principal) -> ((SubjectAuthentication) principal).subject())
			.switchIfEmpty(Mono.error(() -> GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject.")))
			.flatMap((subject) -> {
				PolicyInput.Subject who = new PolicyInput.Subject(subject.roles(), subject.department(),
						subject.region(), subject.id());
				String purpose = exchange.getRequest().getHeaders().getFirst("X-Purpose");
				AuditEvent.Builder event = AuditEvents
					.start(subject, HttpMethod.GET.equals(method) ? "read" : "write", purpose, exchange)
					.sources(Map.of(source, "ok"));
				PolicyDecisionPoint policy = this.policy.pinned();
				String below = exchange.getRequest()
					.getPath()
					.pathWithinApplication()
					.value()
					.substring(DepartmentRoutes.PREFIX.length() + source.length());
				String path = below.isEmpty() ? "/" : below;
				return policy.decideBestCase(who, purpose).flatMap((best) -> {
					event.purpose(best.purpose());
					URI admitted;
					try {
						admitted = admit(source, subject, best, method, path, exchange.getRequest().getURI());
					}
					catch (GatewayProblem refusal) {
						return this.audit.record(AuditEvents.refused(event, refusal)).then(Mono.error(refusal));
					}
					EnforcedResponse enforcing = new EnforcedResponse(exchange,
							new PassThroughCall(source, path, policy, who, best, event), this.answers);
					return chain
						.filter(exchange.mutate()
							.request((request) -> request.uri(admitted).headers((headers) -> upstream(method, headers)))
							.response(enforcing)
							.build())
						// The department never answered (unreachable, timed out):
						// nothing was disclosed, and the request is in the trail.
						.onErrorResume((ex) -> enforcing
							.undisclosed((ex instanceof GatewayProblem problem) ? problem.status().value()
									: HttpStatus.BAD_GATEWAY.value())
							.then(Mono.error(ex)));
				});
			});
	}

	/**
	 * What the department is asked for: JSON, which the policy is enforced on record by
	 * record, readable (not compressed), and for a read the whole current document.
	 */
	private static void upstream(HttpMethod method, HttpHeaders headers) {
		headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
		headers.remove(HttpHeaders.ACCEPT_ENCODING);
		if (HttpMethod.GET.equals(method)) {
			CONDITIONS.forEach(headers::remove);
		}
	}

	/**
	 * The request URI to send, if the call may be made at all: the policy must disclose
	 * something of the source to the caller, the source must declare the operation, and a
	 * write must come from the department in charge.
	 * @throws GatewayProblem the refusal otherwise
	 */
	private URI admit(String source, Subject subject, Decision best, HttpMethod method, String path, URI uri) {
		if (!best.allow()) {
			throw PolicyRefusals.problem(best, this.hints.forSources(Set.of(source), best.purpose()));
		}
		if (!best.visibleSources().contains(source)) {
			throw GatewayProblem.refusal(ProblemType.POLICY_DENIED,
					"Nothing of source '" + source + "' may be disclosed to you for purpose " + best.purpose() + ".",
					Decision.Reason.NO_GRANT.code(), this.hints.extensionFor(Set.of(source), best.purpose()));
		}
		URI admitted = this.operations.admit(source, method, path, uri, best);
		this.enforcer.checkRecordId(source, path);
		String department = this.federation.source(source).map(FederationProperties.Source::department).orElse(null);
		if (!HttpMethod.GET.equals(method) && (department == null || !department.equals(subject.department()))) {
			throw GatewayProblem.refusal(ProblemType.POLICY_DENIED,
					"Only the " + department + " department changes data in '" + source + "'.", "not-own-department");
		}
		return admitted;
	}

	@Override
	public int getOrder() {
		return FilterOrders.DEPARTMENT_POLICY;
	}

}
