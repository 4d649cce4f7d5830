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
			// Salesforce's batch size: like a LIMIT, whether a record the caller may not
			// see
			// took a place in the batch would show.
			"Sforce-Query-Options");

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
					Enforcing enforcing = new Enforcing(exchange, source, path, policy, who, best, event);
					return chain
						.filter(exchange.mutate()
							.request((request) -> request.uri(admitted).headers((headers) -> upstream(method, headers)))
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
			if (status != null && status.isError()) {
				return undisclosed(status.value()).then(super.writeWith(body));
			}
			if (!enforceable(status)) {
				return unenforceable(body);
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
			if (status != null && status.isError()) {
				return undisclosed(status.value()).then(super.writeAndFlushWith(body));
			}
			if (!enforceable(status)) {
				return unenforceable(Flux.from(body).concatMap(Flux::from));
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

		/**
		 * A whole answer, which the policy can be enforced on: 2xx, but not the part of a
		 * document that a 206 is (the gateway asks for none). A 1xx or 3xx answer (a 304
		 * to a precondition, Salesforce's 300 listing the records an external id matches)
		 * is no such answer; neither is a status not known.
		 */
		private static boolean enforceable(@Nullable HttpStatusCode status) {
			return status != null && status.is2xxSuccessful() && status.value() != HttpStatus.PARTIAL_CONTENT.value();
		}

		/**
		 * An answer that is neither enforceable nor an error: none of it is passed on,
		 * nor where it points (a 3xx's {@code Location} names a record).
		 */
		private Mono<Void> unenforceable(Publisher<? extends DataBuffer> body) {
			getHeaders().remove(HttpHeaders.LOCATION);
			getHeaders().remove(HttpHeaders.CONTENT_LOCATION);
			return Flux.from(body)
				.doOnNext(DataBufferUtils::release)
				.then(Mono.defer(() -> undisclosed(HttpStatus.BAD_GATEWAY.value())))
				.then(DepartmentPolicyGlobalFilter.this.problems.write(this.exchange, getDelegate(), GatewayProblem
					.of(ProblemType.UPSTREAM_ERROR, "The department application answered with no usable status.")));
		}

		/**
		 * An answer that is not JSON cannot be enforced field by field or record by
		 * record. From a source whose records have ids it may be any customer's, so only
		 * an empty one, which is about nobody, is passed on. From any other source (whose
		 * answers name no record anyway) it reaches callers who may see all of the
		 * source's unclassified fields.
		 */
		private Mono<Void> opaque(Publisher<? extends DataBuffer> body,
				java.util.function.Function<Publisher<? extends DataBuffer>, Mono<Void>> write) {
			boolean identifiesRecords = DepartmentPolicyGlobalFilter.this.federation.source(this.source)
				.map((definition) -> definition.recordId() != null)
				.orElse(true);
			if (identifiesRecords) {
				return Flux.from(body).reduce(0L, (bytes, buffer) -> {
					long read = bytes + buffer.readableByteCount();
					DataBufferUtils.release(buffer);
					return read;
				})
					.flatMap((bytes) -> (bytes == 0) ? write.apply(Flux.empty())
							: refuse(DepartmentPolicyGlobalFilter.this.enforcer.unreadable()));
			}
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
