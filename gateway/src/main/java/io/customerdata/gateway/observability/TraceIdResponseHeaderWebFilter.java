package io.customerdata.gateway.observability;

import io.customerdata.gateway.FilterOrders;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers every request, rejections included, with its trace id in {@code X-Trace-Id}, so
 * a caller can quote it and an operator find the trace, the log lines and the audit
 * event. The trace itself (continuing the caller's {@code traceparent}, passing one
 * upstream) is Micrometer Tracing's.
 */
@Component
class TraceIdResponseHeaderWebFilter implements WebFilter, Ordered {

	static final String TRACE_ID_HEADER = "X-Trace-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().getHeaders().set(TRACE_ID_HEADER, TraceIds.of(exchange));
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return FilterOrders.TRACE_ID;
	}

}
