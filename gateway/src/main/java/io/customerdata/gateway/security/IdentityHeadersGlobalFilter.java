package io.customerdata.gateway.security;

import java.util.List;
import java.util.Locale;

import io.customerdata.gateway.FilterOrders;
import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Upstreams learn who calls only from the gateway: every identity header a client could
 * forge is removed, the caller's token and cookies stay at the gateway, and the verified
 * subject is sent as {@code X-Gateway-*} headers.
 */
@Component
class IdentityHeadersGlobalFilter implements GlobalFilter, Ordered {

	/** Lower-case prefixes of headers that some upstream might take as an identity. */
	static final List<String> FORGEABLE_PREFIXES = List.of("x-user", "x-subject", "x-gateway-", "x-forwarded-user",
			"x-remote-user", "remote-user", "x-auth-request-", "x-principal");

	static final List<String> CREDENTIALS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE,
			HttpHeaders.PROXY_AUTHORIZATION);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.<SubjectAuthentication>getPrincipal()
			.filter(SubjectAuthentication.class::isInstance)
			.map(SubjectAuthentication::subject)
			.switchIfEmpty(Mono.error(() -> GatewayProblem.of(ProblemType.UNAUTHENTICATED, "No verified subject.")))
			.flatMap((subject) -> chain.filter(exchange.mutate()
				.request((request) -> request.headers((headers) -> rewrite(headers, subject)))
				.build()));
	}

	static void rewrite(HttpHeaders headers, Subject subject) {
		List<String> forged = headers.headerNames()
			.stream()
			.filter((name) -> FORGEABLE_PREFIXES.stream().anyMatch(name.toLowerCase(Locale.ROOT)::startsWith))
			.toList();
		forged.forEach(headers::remove);
		CREDENTIALS.forEach(headers::remove);
		headers.set("X-Gateway-Subject", subject.username());
		headers.set("X-Gateway-Subject-Id", subject.id());
		headers.set("X-Gateway-Roles", String.join(",", subject.roles().stream().sorted().toList()));
		setIfPresent(headers, "X-Gateway-Department", subject.department());
		setIfPresent(headers, "X-Gateway-Region", subject.region());
		setIfPresent(headers, "X-Gateway-Client", subject.clientId());
	}

	private static void setIfPresent(HttpHeaders headers, String name, @Nullable String value) {
		if (value != null) {
			headers.set(name, value);
		}
	}

	@Override
	public int getOrder() {
		return FilterOrders.IDENTITY_HEADERS;
	}

}
