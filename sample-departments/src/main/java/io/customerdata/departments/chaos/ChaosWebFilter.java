package io.customerdata.departments.chaos;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Delays API responses and fails a share of them with a 503 whose body leaks internals,
 * the way a struggling upstream does, so the gateway's handling of both can be tested.
 */
@Component
class ChaosWebFilter implements WebFilter {

	private static final byte[] LEAKY_ERROR = """
			{"error":"simulated failure","trace":"java.lang.IllegalStateException: pool exhausted\\n\\tat com.example.Db.get(Db.java:42)"}"""
		.getBytes(StandardCharsets.UTF_8);

	private final Chaos chaos;

	ChaosWebFilter(Chaos chaos) {
		this.chaos = chaos;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getPath().value().startsWith("/actuator")) {
			return chain.filter(exchange);
		}
		Chaos.Settings settings = this.chaos.settings();
		Mono<Void> respond = (ThreadLocalRandom.current().nextDouble() < settings.errorRate()) ? fail(exchange)
				: chain.filter(exchange);
		return settings.latency().isZero() ? respond : Mono.delay(settings.latency()).then(respond);
	}

	private static Mono<Void> fail(ServerWebExchange exchange) {
		exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return exchange.getResponse()
			.writeWith(Mono.fromSupplier(() -> exchange.getResponse().bufferFactory().wrap(LEAKY_ERROR)));
	}

}
