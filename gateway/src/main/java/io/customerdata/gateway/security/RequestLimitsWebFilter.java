package io.customerdata.gateway.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.problem.GatewayProblem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Bounds what a caller may send to the API: the usual methods only (405), a purpose no
 * longer than the audit trail records (400 {@code value-too-long}), JSON bodies only
 * (415: the gateway enforces policy on JSON), and at most the configured body size (413),
 * checked on {@code Content-Length} up front and counted on chunked bodies as they
 * stream.
 */
@Component
class RequestLimitsWebFilter implements WebFilter, Ordered {

	/** Ordered, so that the {@code Allow} header of a 405 reads the same every time. */
	static final Set<HttpMethod> ALLOWED_METHODS = new LinkedHashSet<>(List.of(HttpMethod.GET, HttpMethod.HEAD,
			HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE));

	private static final String PURPOSE = "X-Purpose";

	private final RequestLimitsProperties limits;

	RequestLimitsWebFilter(RequestLimitsProperties limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!request.getPath().value().startsWith("/api/")) {
			return chain.filter(exchange);
		}
		if (!ALLOWED_METHODS.contains(request.getMethod())) {
			return Mono.error(new MethodNotAllowedException(request.getMethod(), ALLOWED_METHODS));
		}
		// Several X-Purpose headers reach a controller joined by commas.
		if (String.join(",", request.getHeaders().getOrEmpty(PURPOSE)).length() > AuditBounds.PURPOSE) {
			return Mono.error(GatewayProblem.tooLong(PURPOSE, AuditBounds.PURPOSE));
		}
		long contentLength = request.getHeaders().getContentLength();
		boolean hasBody = contentLength > 0 || request.getHeaders().containsHeader("Transfer-Encoding");
		if (!hasBody) {
			return chain.filter(exchange);
		}
		MediaType contentType = request.getHeaders().getContentType();
		if (contentType == null || !isJson(contentType)) {
			return Mono
				.error(new UnsupportedMediaTypeStatusException(contentType, List.of(MediaType.APPLICATION_JSON)));
		}
		long max = this.limits.maxBodySize().toBytes();
		if (contentLength > max) {
			return Mono.error(GatewayProblem.payloadTooLarge(this.limits.maxBodySize()));
		}
		return chain.filter(exchange.mutate().request(limited(request, max)).build());
	}

	private ServerHttpRequest limited(ServerHttpRequest request, long max) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong received = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (received.addAndGet(buffer.readableByteCount()) > max) {
						DataBufferUtils.release(buffer);
						sink.error(GatewayProblem.payloadTooLarge(RequestLimitsWebFilter.this.limits.maxBodySize()));
					}
					else {
						sink.next(buffer);
					}
				});
			}

		};
	}

	private static boolean isJson(MediaType type) {
		return MediaType.APPLICATION_JSON.isCompatibleWith(type)
				|| (type.getSubtypeSuffix() != null && type.getSubtypeSuffix().equals("json"));
	}

	@Override
	public int getOrder() {
		return FilterOrders.REQUEST_LIMITS;
	}

}
