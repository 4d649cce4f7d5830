package io.customerdata.gateway.observability;

import io.customerdata.gateway.FilterOrders;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request a trace context, answers with its trace id in {@code X-Trace-Id}
 * and passes it upstream as {@code traceparent}, so one id follows a request through the
 * gateway, the departments and any problem response a caller reports.
 */
@Component
class TraceContextWebFilter implements WebFilter, Ordered {

	static final String TRACEPARENT = "traceparent";

	static final String TRACE_ID_HEADER = "X-Trace-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		TraceContext trace = TraceContext.continueOrStart(exchange.getRequest().getHeaders().getFirst(TRACEPARENT));
		exchange.getAttributes().put(TraceContext.ATTRIBUTE, trace);
		exchange.getResponse().getHeaders().set(TRACE_ID_HEADER, trace.traceId());
		ServerWebExchange traced = exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(TRACEPARENT, trace.traceparent())))
			.build();
		return chain.filter(traced);
	}

	@Override
	public int getOrder() {
		return FilterOrders.TRACE_CONTEXT;
	}

}
