package io.customerdata.gateway.enforcement;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.customerdata.gateway.audit.AuditEvent;
import io.customerdata.gateway.audit.AuditEvents;
import io.customerdata.gateway.disclosure.FieldCounts;
import io.customerdata.gateway.policy.Decision;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * A department's answer on the pass-through route, with the policy enforced on it before
 * it is written: JSON field by field and record by record, anything else refused where it
 * may hold records; every answer, refusal or failure one audit event, recorded once.
 */
final class EnforcedResponse extends ServerHttpResponseDecorator {

	private final ServerWebExchange exchange;

	private final PassThroughCall call;

	private final AnswerEnforcement with;

	private boolean recorded;

	EnforcedResponse(ServerWebExchange exchange, PassThroughCall call, AnswerEnforcement with) {
		super(exchange.getResponse());
		this.exchange = exchange;
		this.call = call;
		this.with = with;
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
		return DataBufferUtils.join(body, this.with.maxResponseBytes()).map((buffer) -> {
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
		return this.with.enforcer()
			.enforce(this.call.source(), this.call.path(), this.call.policy(), this.call.who(), this.call.best(),
					this.with.json().readTree(bytes))
			.flatMap((enforced) -> {
				byte[] out = this.with.json().writeValueAsBytes(enforced.body());
				HttpHeaders headers = getDelegate().getHeaders();
				headers.remove(HttpHeaders.TRANSFER_ENCODING);
				headers.setContentLength(out.length);
				headers.set("X-Policy-Version", this.call.best().policyVersion());
				headers.set("X-Fields-Masked", Integer.toString(enforced.masked().size()));
				headers.set("X-Fields-Withheld", Integer.toString(enforced.withheld().size()));
				List<String> present = AuditEvents.fieldNames(enforced.body());
				FieldCounts.count(this.with.meters(), this.call.source(), present.size(), enforced.masked().size(),
						enforced.withheld().size());
				this.call.event().records(enforced.records()).fields(present, enforced.masked(), enforced.withheld());
				if (enforced.input() != null) {
					this.call.event().input(enforced.input());
				}
				return audited().then(super.writeWith(Mono.fromSupplier(() -> bufferFactory().wrap(out))));
			});
	}

	/**
	 * A whole answer, which the policy can be enforced on: 2xx, but not the part of a
	 * document that a 206 is (the gateway asks for none). A 1xx or 3xx answer (a 304 to a
	 * precondition, Salesforce's 300 listing the records an external id matches) is no
	 * such answer; neither is a status not known.
	 */
	private static boolean enforceable(@Nullable HttpStatusCode status) {
		return status != null && status.is2xxSuccessful() && status.value() != HttpStatus.PARTIAL_CONTENT.value();
	}

	/**
	 * An answer that is neither enforceable nor an error: none of it is passed on, nor
	 * where it points (a 3xx's {@code Location} names a record).
	 */
	private Mono<Void> unenforceable(Publisher<? extends DataBuffer> body) {
		getHeaders().remove(HttpHeaders.LOCATION);
		getHeaders().remove(HttpHeaders.CONTENT_LOCATION);
		return Flux.from(body)
			.doOnNext(DataBufferUtils::release)
			.then(Mono.defer(() -> undisclosed(HttpStatus.BAD_GATEWAY.value())))
			.then(this.with.problems()
				.write(this.exchange, getDelegate(), GatewayProblem.of(ProblemType.UPSTREAM_ERROR,
						"The department application answered with no usable status.")));
	}

	/**
	 * An answer that is not JSON cannot be enforced field by field or record by record.
	 * From a source whose records have ids it may be any customer's, so only an empty
	 * one, which is about nobody, is passed on. From any other source (whose answers name
	 * no record anyway) it reaches callers who may see all of the source's unclassified
	 * fields.
	 */
	private Mono<Void> opaque(Publisher<? extends DataBuffer> body,
			Function<Publisher<? extends DataBuffer>, Mono<Void>> write) {
		boolean identifiesRecords = this.with.federation()
			.source(this.call.source())
			.map((definition) -> definition.recordId() != null)
			.orElse(true);
		if (identifiesRecords) {
			return Flux.from(body).reduce(0L, (bytes, buffer) -> {
				long read = bytes + buffer.readableByteCount();
				DataBufferUtils.release(buffer);
				return read;
			}).flatMap((bytes) -> (bytes == 0) ? write.apply(Flux.empty()) : refuse(this.with.enforcer().unreadable()));
		}
		Map<String, String> view = this.call.best().sources().getOrDefault(this.call.source(), Map.of());
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
		return this.with.audit()
			.record(this.call.event()
				.decision(AuditEvent.ALLOW, Decision.Reason.GRANTED.code(), this.call.best().policyVersion(), null)
				.build((status != null) ? status.value() : 200));
	}

	/**
	 * A request the department did not answer with data (its error, replaced by a
	 * problem; or no answer at all): nothing disclosed, but every request for customer
	 * data is one event. Recorded once, and never holding up the answer.
	 */
	Mono<Void> undisclosed(int status) {
		if (this.recorded) {
			return Mono.empty();
		}
		this.recorded = true;
		return this.with.audit()
			.record(this.call.event()
				.decision(AuditEvent.NONE, null, this.call.best().policyVersion(), null)
				.build(status))
			.onErrorResume(GatewayProblem.class, (unaudited) -> Mono.empty());
	}

	/** A refusal, audited as such when the trail can take it, then answered. */
	private Mono<Void> refuse(GatewayProblem problem) {
		this.recorded = true;
		return this.with.audit()
			.record(AuditEvents.refused(this.call.event(), problem))
			.onErrorResume(GatewayProblem.class, (unaudited) -> Mono.empty())
			.then(this.with.problems().write(this.exchange, getDelegate(), problem));
	}

	private static boolean isJson(@Nullable MediaType type) {
		return type != null
				&& (type.isCompatibleWith(MediaType.APPLICATION_JSON) || "json".equals(type.getSubtypeSuffix()));
	}

}
