package io.customerdata.gateway.observability;

import java.util.Optional;

import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trace id of a request, as Micrometer Tracing assigned it: the caller's when it sent
 * a valid W3C {@code traceparent}, a new one otherwise. It exists whether or not the
 * trace is sampled for export, so every problem and audit event can name it.
 */
public final class TraceIds {

	/** What a response says when the request was not traced at all (tracing disabled). */
	public static final String UNKNOWN = "unknown";

	private TraceIds() {
	}

	/**
	 * The trace id of the exchange. Read from the server observation that WebFlux keeps
	 * in the exchange's attributes, not from a thread-local, which on an event loop would
	 * be another request's.
	 */
	public static String of(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map((observation) -> observation.<TracingContext>get(TracingContext.class))
			.flatMap((tracing) -> Optional.ofNullable(tracing.getSpan()))
			.map((span) -> span.context().traceId())
			.filter((traceId) -> !traceId.isEmpty())
			.orElse(UNKNOWN);
	}

}
