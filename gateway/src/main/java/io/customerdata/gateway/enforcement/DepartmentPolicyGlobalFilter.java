package io.customerdata.gateway.enforcement;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.audit.AuditTrail;
import io.customerdata.gateway.federation.FederationProperties;
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
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The policy on {@code /api/v1/departments/{source}/**}, in place of a department check:
 * <ul>
 * <li>before the call: the caller's best-case decision must disclose something of the
 * source (a grant, or their own department's), the source must declare the operation
 * ({@link PassThroughOperations}; a query endpoint's query is made to select what the
 * decision needs), and only the department in charge of a source changes its data;</li>
 * <li>on the answer: JSON is enforced field by field and record by record
 * ({@link PassThroughEnforcer}); anything else, which cannot be filtered, reaches only
 * callers who may see all of the source's unclassified fields.</li>
 * </ul>
 * The answer says what was held back in {@code X-Fields-Masked},
 * {@code X-Fields-Withheld}, and under which policy version.
 */
@Component
class DepartmentPolicyGlobalFilter implements GlobalFilter, Ordered {

	private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

	private final PolicyDecisionPoint policy;

	private final PassThroughEnforcer enforcer;

	private final FederationProperties federation;

	private final ProblemResponses problems;

	private final JsonMapper json;

	private final int maxResponseBytes;

	private final AuditTrail audit;

	private final MeterRegistry meters;

	private final AccessHints hints;

	private final PassThroughOperations operations;

	DepartmentPolicyGlobalFilter(PolicyDecisionPoint policy, PassThroughEnforcer enforcer,
			FederationProperties federation, ProblemResponses problems, JsonMapper json,
			EnforcementProperties properties, AuditTrail audit, MeterRegistry meters, AccessHints hints,
			PassThroughOperations operations) {
		this.hints = hints;
		this.operations = operations;
		this.audit = audit;
		this.meters = meters;
		this.policy = policy;
		this.enforcer = enforcer;
		this.federation = federation;
		this.problems = problems;
		this.json = json;
		this.maxResponseBytes = Math.toIntExact(properties.maxResponseSize().toBytes());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String source = (route != null) ? (String) route.getMetadata().get(DepartmentRoutes.SOURCE) : null;
		if (source == null) {
			return chain.filter(exchange);
		}
		return exchange.getPrincipal()
			.filter(SubjectAuthentication.class::isInstance)
			.map((principal) -> ((SubjectAuthentication) principal).subject())
			.switchIfEmpty(Mono.error(() -> GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject.")))
			.flatMap((subject) -> {
				PolicyInput.Subject who = new PolicyInput.Subject(subject.roles(), subject.department(),
						subject.region(), subject.id());
				String purpose = exchange.getRequest().getHeaders().getFirst("X-Purpose");
				HttpMethod method = exchange.getRequest().getMethod();
				AuditEvent.Builder event = AuditEvents
					.start(subject, READS.contains(method) ? "read" : "write", purpose, exchange)
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
					Enforcing enforcing = new Enforcing(exchange, source, path, policy, who, best, event);
					return chain.filter(exchange.mutate()
						// Bodies must come back readable to be enforced.
						.request((request) -> request.uri(admitted)
							.headers((headers) -> headers.remove(HttpHeaders.ACCEPT_ENCODING)))
						.response(enforcing)
						.build())
						// The department never answered (unreachable, timed out): nothing
						// was
						// disclosed, and the request is in the trail all the same.
						.onErrorResume((ex) -> enforcing
							.undisclosed((ex instanceof GatewayProblem problem) ? problem.status().value()
									: HttpStatus.BAD_GATEWAY.value())
							.then(Mono.error(ex)));
				});
			});
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
		String department = this.federation.source(source).map(FederationProperties.Source::department).orElse(null);
		if (!READS.contains(method) && (department == null || !department.equals(subject.department()))) {
			throw GatewayProblem.refusal(ProblemType.POLICY_DENIED,
					"Only the " + department + " department changes data in '" + source + "'.", "not-own-department");
		}
		return admitted;
	}

	@Override
	public int getOrder() {
		return FilterOrders.DEPARTMENT_POLICY;
	}

	/** Enforces the policy on a successful answer before it is written. */
	private final class Enforcing extends ServerHttpResponseDecorator {

		private final ServerWebExchange exchange;

		private final String source;

		private final String path;

		private final PolicyDecisionPoint policy;

		private final PolicyInput.Subject who;

		private final Decision best;

		private final AuditEvent.Builder event;

		private boolean recorded;

		Enforcing(ServerWebExchange exchange, String source, String path, PolicyDecisionPoint policy,
				PolicyInput.Subject who, Decision best, AuditEvent.Builder event) {
			super(exchange.getResponse());
			this.exchange = exchange;
			this.source = source;
			this.path = path;
			this.policy = policy;
			this.who = who;
			this.best = best;
			this.event = event;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			HttpStatusCode status = getStatusCode();
			if (status == null || !status.is2xxSuccessful()) {
				return undisclosed((status != null) ? status.value() : 0).then(super.writeWith(body));
			}
			if (!isJson(getHeaders().getContentType())) {
				return opaque(body, (allowed) -> audited().then(super.writeWith(allowed)));
			}
			return DataBufferUtils.join(body, DepartmentPolicyGlobalFilter.this.maxResponseBytes).map((buffer) -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
				.flatMap(this::enforce)
				.switchIfEmpty(Mono.defer(() -> audited().then(super.writeWith(Flux.empty()))))
				.onErrorResume(GatewayProblem.class, this::refuse)
				.onErrorResume(DataBufferLimitException.class,
						(ex) -> refuse(GatewayProblem.of(ProblemType.UPSTREAM_ERROR,
								"The department's answer is larger than the policy can be enforced on.")))
				.onErrorResume(JacksonException.class, (ex) -> refuse(
						GatewayProblem.of(ProblemType.UPSTREAM_ERROR, "The department's answer is not valid JSON.")));
		}

		/** Streamed answers (events, NDJSON) cannot be filtered either. */
		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			HttpStatusCode status = getStatusCode();
			if (status == null || !status.is2xxSuccessful()) {
				return undisclosed((status != null) ? status.value() : 0).then(super.writeAndFlushWith(body));
			}
			return opaque(Flux.from(body).concatMap(Flux::from),
					(allowed) -> audited().then(super.writeAndFlushWith(Flux.just(allowed))))
				.onErrorResume(GatewayProblem.class, this::refuse);
		}

		private Mono<Void> enforce(byte[] bytes) {
			return DepartmentPolicyGlobalFilter.this.enforcer
				.enforce(this.source, this.path, this.policy, this.who, this.best,
						DepartmentPolicyGlobalFilter.this.json.readTree(bytes))
				.flatMap((enforced) -> {
					byte[] out = DepartmentPolicyGlobalFilter.this.json.writeValueAsBytes(enforced.body());
					HttpHeaders headers = getDelegate().getHeaders();
					headers.remove(HttpHeaders.TRANSFER_ENCODING);
					headers.setContentLength(out.length);
					headers.set("X-Policy-Version", this.best.policyVersion());
					headers.set("X-Fields-Masked", Integer.toString(enforced.masked().size()));
					headers.set("X-Fields-Withheld", Integer.toString(enforced.withheld().size()));
					List<String> present = AuditEvents.fieldNames(enforced.body());
					FieldCounts.count(DepartmentPolicyGlobalFilter.this.meters, this.source, present.size(),
							enforced.masked().size(), enforced.withheld().size());
					this.event.records(enforced.records()).fields(present, enforced.masked(), enforced.withheld());
					if (enforced.input() != null) {
						this.event.input(enforced.input());
					}
					return audited().then(super.writeWith(Mono.fromSupplier(() -> bufferFactory().wrap(out))));
				});
		}

		private Mono<Void> opaque(Publisher<? extends DataBuffer> body,
				java.util.function.Function<Publisher<? extends DataBuffer>, Mono<Void>> write) {
			Map<String, String> view = this.best.sources().getOrDefault(this.source, Map.of());
			if (Decision.ALLOW.equals(view.get(Decision.UNCLASSIFIED))) {
				return write.apply(body);
			}
			return Flux.from(body)
				.doOnNext(DataBufferUtils::release)
				.then(refuse(GatewayProblem.of(ProblemType.POLICY_DENIED,
						"This answer is not JSON, so the policy cannot be enforced on it field by field.")));
		}

		/** The disclosure's audit event, durable before the answer is written. */
		private Mono<Void> audited() {
			this.recorded = true;
			HttpStatusCode status = getStatusCode();
			return DepartmentPolicyGlobalFilter.this.audit.record(this.event
				.decision(AuditEvent.ALLOW, Decision.Reason.GRANTED.code(), this.best.policyVersion(), null)
				.build((status != null) ? status.value() : 200));
		}

		/**
		 * A request the department did not answer with data (its error, replaced by a
		 * problem; or no answer at all): nothing disclosed, but every request for
		 * customer data is one event. Recorded once, and never holding up the answer.
		 */
		Mono<Void> undisclosed(int status) {
			if (this.recorded) {
				return Mono.empty();
			}
			this.recorded = true;
			return DepartmentPolicyGlobalFilter.this.audit
				.record(this.event.decision(AuditEvent.NONE, null, this.best.policyVersion(), null).build(status))
				.onErrorResume(GatewayProblem.class, (unaudited) -> Mono.empty());
		}

		/** A refusal, audited as such when the trail can take it, then answered. */
		private Mono<Void> refuse(GatewayProblem problem) {
			this.recorded = true;
			return DepartmentPolicyGlobalFilter.this.audit.record(AuditEvents.refused(this.event, problem))
				.onErrorResume(GatewayProblem.class, (unaudited) -> Mono.empty())
				.then(DepartmentPolicyGlobalFilter.this.problems.write(this.exchange, getDelegate(), problem));
		}

		private static boolean isJson(@Nullable MediaType type) {
			return type != null
					&& (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()));
		}

	}

}
