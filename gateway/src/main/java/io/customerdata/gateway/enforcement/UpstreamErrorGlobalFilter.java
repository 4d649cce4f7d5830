package io.customerdata.gateway.enforcement;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemResponses;
import io.customerdata.gateway.problem.ProblemType;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Replaces the body of every error a department answers with a problem response: an
 * upstream's error page may carry stack traces, internal names or customer data, so none
 * of it reaches the caller. 4xx statuses are kept; 5xx become 502, 503 or 504.
 */
@Component
class UpstreamErrorGlobalFilter implements GlobalFilter, Ordered {

	private final ProblemResponses problems;

	UpstreamErrorGlobalFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpResponse original = exchange.getResponse();
		ServerHttpResponseDecorator guarded = new ServerHttpResponseDecorator(original) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				HttpStatusCode status = getStatusCode();
				if (status == null || !status.isError()) {
					return super.writeWith(body);
				}
				Mono<Void> discardUpstreamBody = Flux.from(body).doOnNext(DataBufferUtils::release).then();
				return discardUpstreamBody
					.then(UpstreamErrorGlobalFilter.this.problems.write(exchange, getDelegate(), problemFor(status)));
			}

		};
		return chain.filter(exchange.mutate().response(guarded).build());
	}

	/** What a caller gets for a resource the department does not have. */
	static GatewayProblem notFound() {
		return GatewayProblem.of(ProblemType.NOT_FOUND, "The department application has no such resource.");
	}

	static GatewayProblem problemFor(HttpStatusCode status) {
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			return notFound();
		}
		if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return GatewayProblem.of(ProblemType.UPSTREAM_UNAVAILABLE, "The department application is unavailable.");
		}
		if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return GatewayProblem.of(ProblemType.UPSTREAM_RATE_LIMITED,
					"The department application is rate-limited; try again later.");
		}
		if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			return GatewayProblem.of(ProblemType.UPSTREAM_TIMEOUT, "The department application timed out.");
		}
		boolean gatewaysOwnCredentialsFailed = status.value() == 401 || status.value() == 403 || status.value() == 407;
		if (status.is4xxClientError() && !gatewaysOwnCredentialsFailed) {
			return GatewayProblem.upstreamRejected(status);
		}
		return GatewayProblem.of(ProblemType.UPSTREAM_ERROR, "The department application failed.");
	}

	@Override
	public int getOrder() {
		return FilterOrders.UPSTREAM_ERRORS;
	}

}
