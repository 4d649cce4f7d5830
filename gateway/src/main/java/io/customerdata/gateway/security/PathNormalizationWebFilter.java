package io.customerdata.gateway.security;

import io.customerdata.gateway.FilterOrders;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Replaces the request path by its canonical form before routing and authorisation see
 * it.
 */
@Component
class PathNormalizationWebFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String raw = exchange.getRequest().getURI().getRawPath();
		String canonical;
		try {
			canonical = PathNormalizer.normalize(raw);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		if (canonical.equals(raw)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request((request) -> request.path(canonical)).build());
	}

	@Override
	public int getOrder() {
		return FilterOrders.PATH_NORMALIZATION;
	}

}
