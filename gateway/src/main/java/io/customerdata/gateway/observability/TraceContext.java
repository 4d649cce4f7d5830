package io.customerdata.gateway.observability;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.server.ServerWebExchange;

/**
 * The W3C trace context of one request: the caller's trace id when it sent a valid
 * {@code traceparent}, a new one otherwise, and the gateway's own span id.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits
 */
public record TraceContext(String traceId, String spanId) {

	static final String ATTRIBUTE = TraceContext.class.getName();

	private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

	private static final String INVALID_TRACE_ID = "0".repeat(32);

	/** Continues the trace of a valid {@code traceparent} header, or starts a new one. */
	static TraceContext continueOrStart(@Nullable String traceparent) {
		String traceId = Optional.ofNullable(traceparent)
			.map(TRACEPARENT::matcher)
			.filter(java.util.regex.Matcher::matches)
			.map((m) -> m.group(1))
			.filter((id) -> !id.equals(INVALID_TRACE_ID))
			.orElseGet(() -> randomHex(16));
		return new TraceContext(traceId, randomHex(8));
	}

	/**
	 * The {@code traceparent} header that makes the upstream's work part of this trace.
	 */
	public String traceparent() {
		return "00-" + this.traceId + "-" + this.spanId + "-01";
	}

	/** The trace id of the exchange, or "unknown" outside a traced request. */
	public static String traceIdOf(ServerWebExchange exchange) {
		TraceContext context = exchange.getAttribute(ATTRIBUTE);
		return (context != null) ? context.traceId() : "unknown";
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
